from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Partner Connect"

    def ready(self) -> None:
        # Every save of an exported lead or opportunity queues its update push (the outbox).
        from sync.services import updates_outbox

        updates_outbox.receivers_connect()
