"""Queueing vendor-side changes for the update push: the outbox, its signal hook and the sweep.

Every ``save()`` of a lead or opportunity that has been exported queues an outbox row in the
same transaction (a ``post_save`` receiver, so admin, partner site, API and import saves are
all covered without each path remembering to call). Paths that bypass signals
(``QuerySet.update``, ``bulk_update``, raw SQL) are found by the sweep, which compares the
current update-field values of every exported record with the hash of the values last sent.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_q.tasks import async_task

from portal.models import Lead, Opportunity
from sync.kinds import sync_kind, sync_kind_for_model
from sync.models import (
    Connection,
    MappingState,
    OutboundStatus,
    RecordMap,
    UpdateOutbox,
)
from sync.payloads import payload_build
from sync.services.updates.common import connected_plans

PUSH_TASK = "sync.tasks.updates_push_run"
SWEEP_CHUNK = 1000
T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def updates_queue(*, record_map_ids: Collection[int]) -> int:
    """Queue a push of these record maps in the caller's transaction; returns how many.

    A row already queued keeps its due time, so edits within the push window send once; its
    ``queued_at`` moves on, so a push that read the older values does not clear it.
    """
    now = timezone.now()
    due = now + timedelta(seconds=settings.UPDATE_PUSH_WINDOW_SECONDS)
    maps = dict(RecordMap.objects.filter(pk__in=record_map_ids).values_list("pk", "connection_id"))
    if not maps:
        return 0
    UpdateOutbox.objects.bulk_create(
        [
            UpdateOutbox(record_map_id=pk, connection_id=c, queued_at=now, due_at=due)
            for pk, c in maps.items()
        ],
        ignore_conflicts=True,
    )
    rows = UpdateOutbox.objects.filter(record_map_id__in=list(maps))
    rows.filter(queued_at__isnull=True).update(queued_at=now, due_at=due)
    rows.filter(queued_at__lt=now).update(queued_at=now)
    for connection_id in sorted(set(maps.values())):
        # On the push cluster's own queue: polls and exports never hold it up.
        push = partial(async_task, PUSH_TASK, connection_id, cluster=settings.Q_PUSH_CLUSTER)
        transaction.on_commit(push)
    return len(maps)


MAPPING_ERRORS = (
    OutboundStatus.UPDATE_PUBLISH_FIELD_MAP_ERROR,
    OutboundStatus.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR,
)


def updates_retry_mapping_errors(*, connection_id: int, object_type: str) -> int:
    """Queue again the records whose last update failed on the mapping, after it was saved.

    A refused update is not retried while its values stay the same; once the mapping is fixed,
    each such record is sent with its current values even if they did not change.
    """
    ids = list(
        RecordMap.objects.filter(
            connection_id=connection_id, object_type=object_type, outbound_status__in=MAPPING_ERRORS
        ).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    UpdateOutbox.objects.filter(record_map_id__in=ids).update(values_hash="")
    return updates_queue(record_map_ids=ids)


def record_saved(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **_: Any
) -> None:
    """post_save of a lead or opportunity: queue a push to each org it was exported to."""
    if created or raw:
        return
    column = sync_kind_for_model(sender).record_field
    exported = RecordMap.objects.filter(**{column: instance.pk}).exclude(external_id="")
    ids = list(exported.values_list("pk", flat=True))
    if ids:
        updates_queue(record_map_ids=ids)


def updates_sweep(*, connection_id: int) -> int:
    """Queue every exported record whose update-field values differ from those last sent.

    A record never pushed is queued too: its first push creates the partner's connected record.
    """
    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None:
        return 0
    queued = 0
    mappings = connection.object_mappings.filter(state=MappingState.ACTIVE)
    for mapping in mappings.exclude(connected_object=""):
        plans, problem = connected_plans(mapping)
        if problem or not plans:
            continue
        column = sync_kind(mapping.object_type).record_id_field
        maps = list(
            RecordMap.objects.filter(connection=connection, object_type=mapping.object_type)
            .exclude(external_id="")
            .filter(update_outbox__queued_at__isnull=True)
            .values_list("pk", column, "update_outbox__values_hash")
        )
        model = sync_kind(mapping.object_type).model
        names = [plan.name for plan in plans]
        ext = mapping.external_id_field
        for chunk in chunked(maps, SWEEP_CHUNK):
            by_record = {record_id: (pk, sent) for pk, record_id, sent in chunk}
            rows = model._default_manager.filter(pk__in=list(by_record)).values("id", *names)
            changed = [
                by_record[row["id"]][0]
                for row in rows.order_by()
                if payload_build(row, plans, external_id_field=ext, owner_id="").digest
                != (by_record[row["id"]][1] or "")
            ]
            queued += updates_queue(record_map_ids=changed) if changed else 0
    return queued


def receivers_connect() -> None:
    """Hook the outbox into every save of a lead or opportunity (called from AppConfig.ready)."""
    for model in (Lead, Opportunity):
        models.signals.post_save.connect(
            record_saved, sender=model, dispatch_uid=f"sync-updates-{model.__name__}"
        )
