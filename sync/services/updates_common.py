"""What the update push and poll share: a mapping's update fields and per-connection leases."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from sync.fields import connected_field_name
from sync.models import FieldMapping, ObjectMapping, SyncLease
from sync.payloads import FieldPlan, field_plans

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


def lease_release(*, connection_id: int, kind: str) -> None:
    """Give the lease back."""
    SyncLease.objects.filter(connection_id=connection_id, kind=kind).update(held_until=None)
