"""What the update push and poll share: update fields, per-connection leases and schedules."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_q.models import Schedule

from sync.fields import connected_field_name
from sync.models import Connection, ConnectionStatus, FieldMapping, ObjectMapping, SyncLease
from sync.payloads import FieldPlan, field_plans

CYCLE_TASK = "sync.tasks.updates_cycle_run"
PUSH = "push"
POLL = "poll"
# A run that dies holds its lease at most this long; runs finish well within it.
LEASE_SECONDS = 240


def update_fields(mapping: ObjectMapping) -> list[FieldMapping]:
    """The update fields the partner accepted and mapped, in field-name order."""
    rows = mapping.fields.filter(send_updates=True, accepted=True).exclude(target_field="")
    return list(rows.order_by("field_name"))


def connected_plans(mapping: ObjectMapping) -> tuple[list[FieldPlan], str]:
    """Plans of the update fields aimed at the Connected External object's fields."""
    plans, problem = field_plans(mapping.object_type, update_fields(mapping))
    return [replace(plan, target=connected_field_name(plan.target)) for plan in plans], problem


def lookup_field(object_type: str) -> str:
    """The Connected External object's lookup to the imported record (``Lead__c`` ...)."""
    return f"{object_type}__c"


def lease_take(*, connection_id: int, kind: str) -> bool:
    """Take the connection's ``kind`` lease unless a live run holds it; True when taken."""
    SyncLease.objects.bulk_create(
        [SyncLease(connection_id=connection_id, kind=kind)], ignore_conflicts=True
    )
    now = timezone.now()
    # One conditional UPDATE: of two runs racing for the lease, exactly one changes the row.
    free = Q(held_until__isnull=True) | Q(held_until__lt=now)
    taken = SyncLease.objects.filter(free, connection_id=connection_id, kind=kind).update(
        held_until=now + timedelta(seconds=LEASE_SECONDS)
    )
    return taken == 1


@contextmanager
def enabled_and_leased(connection_id: int, kind: str) -> Iterator[Connection | None]:
    """The connection while this run holds its ``kind`` lease; None when it is not Enabled or
    another run holds the lease (queued work then waits for the next run)."""
    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or connection.status != ConnectionStatus.ENABLED:
        yield None
        return
    if not lease_take(connection_id=connection_id, kind=kind):
        yield None
        return
    try:
        yield connection
    finally:
        lease_release(connection_id=connection_id, kind=kind)


def lease_release(*, connection_id: int, kind: str) -> None:
    """Give the lease back."""
    SyncLease.objects.filter(connection_id=connection_id, kind=kind).update(held_until=None)


def schedule_name(connection_id: int) -> str:
    return f"Two-way updates of connection {connection_id}"


def updates_schedule_sync(*, connection_id: int, enabled: bool) -> None:
    """Keep one schedule for an Enabled connection and none for a connection in any other state."""
    name = schedule_name(connection_id)
    if not enabled:
        Schedule.objects.filter(name=name).delete()
        return
    # django-q2 schedules run at minute resolution: the interval is rounded up to whole minutes.
    minutes = max(1, math.ceil(settings.UPDATE_POLL_SECONDS / 60))
    schedule, created = Schedule.objects.get_or_create(
        name=name,
        defaults={
            "func": CYCLE_TASK,
            "args": repr((connection_id,)),
            "schedule_type": Schedule.MINUTES,
            "minutes": minutes,
            "repeats": -1,
        },
    )
    if not created and schedule.minutes != minutes:
        Schedule.objects.filter(pk=schedule.pk).update(minutes=minutes)
