"""The per-connection schedule of two-way updates: sweep, push, then poll the partner org.

An Enabled connection has one django-q2 schedule; any other state has none (its queued work
is kept). The cluster runs with ``catch_up`` off, so a worker back from downtime runs each
schedule once, not once per missed interval; the leases keep runs of one connection apart.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django_q.models import Schedule

from sync.models import Connection, ConnectionStatus
from sync.services.updates.common import schedule_name, updates_schedule_sync
from sync.services.updates.outbox import updates_sweep
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push


def updates_cycle(*, connection_id: int) -> None:
    """One round: queue changes made by paths that bypass save(), push them, poll the partner."""
    if not Connection.objects.filter(pk=connection_id, status=ConnectionStatus.ENABLED).exists():
        return
    updates_sweep(connection_id=connection_id)
    updates_push(connection_id=connection_id)
    updates_poll(connection_id=connection_id)


def _connection_saved(sender: type[Connection], instance: Connection, **_: Any) -> None:
    enabled = instance.status == ConnectionStatus.ENABLED
    updates_schedule_sync(connection_id=instance.pk, enabled=enabled)


def _connection_deleted(sender: type[Connection], instance: Connection, **_: Any) -> None:
    Schedule.objects.filter(name=schedule_name(instance.pk)).delete()


def receivers_connect() -> None:
    """Follow the connection's state with its schedule (called from AppConfig.ready)."""
    post_save.connect(_connection_saved, sender=Connection, dispatch_uid="sync-updates-schedule")
    post_delete.connect(
        _connection_deleted, sender=Connection, dispatch_uid="sync-updates-unschedule"
    )
