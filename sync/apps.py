from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Partner Connect"

    def ready(self) -> None:
        # Every save of an exported record queues its update push (the outbox), and every
        # Enabled connection keeps its update schedule.
        from sync.services import updates_outbox, updates_schedule

        updates_outbox.receivers_connect()
        updates_schedule.receivers_connect()
