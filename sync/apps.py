from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Partner Connect"

    def ready(self) -> None:
        # Every save of an exported record queues its update push (the outbox), and every
        # Enabled connection keeps its update schedule.
        from sync.audit import audit_register
        from sync.schedules import periodic_schedules_ensure
        from sync.services.updates import outbox as updates_outbox
        from sync.services.updates import schedule as updates_schedule
        from sync.site import register as site_register

        audit_register()
        # Export Status and the Export action on the partner site's lists and record pages.
        site_register()
        updates_outbox.receivers_connect()
        updates_schedule.receivers_connect()
        # The export resume sweep's schedule exists wherever the database is migrated.
        post_migrate.connect(periodic_schedules_ensure, sender=self, dispatch_uid="sync-schedules")
