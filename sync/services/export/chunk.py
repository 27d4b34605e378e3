"""One chunk of an export job: build the payloads, upsert them, write every result set-based."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from core.rows import cyclic_gc_paused, rows_update
from salesforce import RecordResult, SalesforceClient
from sync.models import (
    ExportJob,
    ExportJobItem,
    FieldMapping,
    ImportLog,
    ImportLogStatus,
    InboundStatus,
    ItemStatus,
    ObjectMapping,
    OutboundStatus,
    RecordMap,
)
from sync.payloads import Payload, payloads_for
from sync.services.export.lease import lease_end
from sync.services.export.status import (
    export_status_for,
    is_record_error,
    outbound_for_error,
    outbound_for_success,
)

OS = OutboundStatus
CHUNK_SIZE = 200
BULK_CHUNK_SIZE = 10_000


@dataclass
class Outcome:
    """What happened to one item in this chunk; ``status`` Pending means "try again later"."""

    status: ItemStatus
    outbound: OutboundStatus | None = None
    partial: bool = False
    external_id: str = ""
    digest: str = ""
    created: bool | None = None
    code: str = ""
    message: str = ""
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """What every chunk of one task run needs."""

    job: ExportJob
    mapping: ObjectMapping
    fields: list[FieldMapping]
    client: SalesforceClient


@dataclass(slots=True)
class MapRow:
    """The record-map columns a chunk reads and writes, without a model instance per row."""

    pk: int
    lead_id: int | None
    opportunity_id: int | None
    external_id: str
    last_payload_hash: str
    outbound_status: str
    export_status: str
    inbound_status: str
    last_modified_sent: datetime | None
    last_error_code: str
    last_error_message: str
    # Written, never read: every write stamps it.
    updated_at: datetime | None = None


@dataclass(slots=True)
class ItemRow:
    """A pending item of a chunk and its record map, as read and then written."""

    pk: int
    order: int
    record_map: MapRow
    status: str = ItemStatus.PENDING
    outbound_status: str = ""
    error_code: str = ""
    error_message: str = ""
    error_fields: list[str] = field(default_factory=list)


MAP_COLUMNS = [name for name in MapRow.__dataclass_fields__ if name not in ("pk", "updated_at")]


def chunk_items(job: ExportJob, item_ids: Sequence[int]) -> list[ItemRow]:
    """The chunk's items still pending, in order, read as rows in one query.

    Read by the range of their keys (a chunk's items were inserted together) rather than a
    parameter per id; keys in the range that are not the chunk's are dropped here.
    """
    if not item_ids:
        return []
    wanted = set(item_ids)
    rows = (
        ExportJobItem.objects.filter(
            job=job, pk__range=(min(wanted), max(wanted)), status=ItemStatus.PENDING
        )
        .order_by("order")
        .values_list("pk", "order", "record_map_id", *(f"record_map__{c}" for c in MAP_COLUMNS))
    )
    return [
        ItemRow(pk, order, MapRow(map_id, *rest))
        for pk, order, map_id, *rest in rows
        if pk in wanted
    ]


def record_id_of(record_map: RecordMap | MapRow) -> int:
    return int(record_map.lead_id or record_map.opportunity_id)  # type: ignore[arg-type]


def _outcome_before_send(record_map: MapRow, payload: Payload | None) -> Outcome | None:
    """The outcome decided on our side (not sent), or None when the record must be sent."""
    if payload is None:
        return Outcome(ItemStatus.FAILED, OS.EXPORT_PUBLISH_FIELD_MAP_ERROR, message="Not found.")
    if payload.error:
        return Outcome(ItemStatus.FAILED, OS.EXPORT_PUBLISH_FIELD_MAP_ERROR, message=payload.error)
    if record_map.external_id and payload.digest == record_map.last_payload_hash:
        return Outcome(
            ItemStatus.SKIPPED,
            outbound_for_success(partial=payload.partial, skipped=True),
            partial=payload.partial,
            external_id=record_map.external_id,
            digest=payload.digest,
        )
    return None


def outcome_of_result(result: RecordResult, payload: Payload) -> Outcome:
    """The outcome of one per-record result of the partner org."""
    if result.ok:
        return Outcome(
            ItemStatus.SENT,
            outbound_for_success(partial=payload.partial),
            partial=payload.partial,
            external_id=result.id or "",
            digest=payload.digest,
            created=result.created,
            message=(f"Left out: {', '.join(payload.left_out)}." if payload.partial else ""),
        )
    error = result.errors[0] if result.errors else None
    code = error.status_code if error else "UNKNOWN_EXCEPTION"
    message = "; ".join(e.message for e in result.errors) or "The partner org rejected it."
    fields = [f for e in result.errors for f in e.fields]
    if result.transient:
        # A row lock and the like: the record stays pending and the job retries it.
        return Outcome(ItemStatus.PENDING, code=code, message=message, fields=fields)
    return Outcome(
        ItemStatus.FAILED, outbound_for_error(code), code=code, message=message, fields=fields
    )


def _send(run: Run, bodies: list[dict[str, Any]]) -> list[RecordResult]:
    if not bodies:
        return []
    sobject, ext = run.job.object_type, run.mapping.external_id_field
    if run.job.use_bulk:
        return list(run.client.bulk_upsert(sobject, ext, bodies))
    return list(run.client.upsert_many(sobject, ext, bodies))


def log_open(job: ExportJob) -> ImportLog:
    """The job's import log in progress (left by a run that died), or a new one.

    Whether one is in progress and how many there are come from one query: this runs for
    every chunk.
    """
    logs = job.import_logs.aggregate(
        count=Count("pk"), open_chunk=Min("chunk", filter=Q(status=ImportLogStatus.IN_PROGRESS))
    )
    if logs["open_chunk"] is not None:
        open_logs = job.import_logs.filter(status=ImportLogStatus.IN_PROGRESS)
        log = open_logs.filter(chunk=logs["open_chunk"]).order_by("pk").first()
        if log is not None:
            return log
    chunk = logs["count"] + 1
    return ImportLog.objects.create(job=job, connection_id=job.connection_id, chunk=chunk)


def log_close(log: ImportLog, result: dict[str, Any]) -> None:
    """Complete an import log with its JSON result."""
    log.status = ImportLogStatus.COMPLETED
    log.result = result
    log.completed_at = timezone.now()
    log.save(update_fields=["status", "result", "completed_at"])


def chunk_process(run: Run, item_ids: Sequence[int]) -> None:
    """Send one chunk of pending items and record each record's result."""
    with cyclic_gc_paused():
        _chunk_run(run, item_ids)


def _chunk_run(run: Run, item_ids: Sequence[int]) -> None:
    items = chunk_items(run.job, item_ids)
    if not items:
        return
    maps = [item.record_map for item in items]
    payloads = payloads_for(
        run.mapping,
        run.fields,
        [record_id_of(m) for m in maps],
        new_ids=[record_id_of(m) for m in maps if not m.external_id],
    )
    log = log_open(run.job)
    outcomes: dict[int, Outcome] = {}
    to_send: list[tuple[ItemRow, Payload]] = []
    for item in items:
        payload = payloads.get(record_id_of(item.record_map))
        decided = _outcome_before_send(item.record_map, payload)
        if decided is not None:
            outcomes[item.pk] = decided
        else:
            assert payload is not None
            to_send.append((item, payload))
    try:
        results = _send(run, [payload.body for _, payload in to_send])
    except Exception as error:
        log_close(log, {"chunk": log.chunk, "error": str(error), "records": []})
        raise
    for (item, payload), result in zip(to_send, results, strict=True):
        outcomes[item.pk] = outcome_of_result(result, payload)
    chunk_write(run.job, items, outcomes, log)


def _item_apply(item: ItemRow, outcome: Outcome) -> None:
    item.status = outcome.status
    item.outbound_status = outcome.outbound or ""
    item.error_code = outcome.code if outcome.status == ItemStatus.FAILED else ""
    item.error_message = outcome.message if outcome.status == ItemStatus.FAILED else ""
    item.error_fields = outcome.fields if outcome.status == ItemStatus.FAILED else []


def _map_apply(record_map: MapRow, outcome: Outcome, now: datetime) -> None:
    assert outcome.outbound is not None
    record_map.outbound_status = outcome.outbound
    record_map.export_status = export_status_for(
        outcome.outbound, current=record_map.export_status, partial=outcome.partial
    )
    if outcome.status == ItemStatus.FAILED:
        record_map.last_error_code = outcome.code or outcome.outbound
        record_map.last_error_message = outcome.message
        if outcome.outbound == OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR or is_record_error(outcome.code):
            # The partner org could not import its copy of the record.
            record_map.inbound_status = InboundStatus.IMPORT_CONNECTED_RECORD_ERROR
        return
    record_map.last_error_code = ""
    record_map.last_error_message = outcome.message if outcome.partial else ""
    record_map.external_id = outcome.external_id or record_map.external_id
    record_map.last_payload_hash = outcome.digest
    if outcome.status == ItemStatus.SENT:
        record_map.inbound_status = InboundStatus.IMPORT_SUCCESS
        record_map.last_modified_sent = now


MAP_FIELDS = [
    "outbound_status",
    "export_status",
    "inbound_status",
    "external_id",
    "last_payload_hash",
    "last_modified_sent",
    "last_error_code",
    "last_error_message",
    "updated_at",
]
ITEM_FIELDS = ["status", "outbound_status", "error_code", "error_message", "error_fields"]


def _log_row(item: ItemRow, outcome: Outcome) -> dict[str, Any]:
    record_map = item.record_map
    return {
        "order": item.order,
        "record_id": record_id_of(record_map),
        "external_id": outcome.external_id or record_map.external_id or None,
        "success": outcome.status in (ItemStatus.SENT, ItemStatus.SKIPPED),
        "created": outcome.created,
        "status": outcome.outbound or "RetryPending",
        "errors": (
            [{"statusCode": outcome.code, "message": outcome.message, "fields": outcome.fields}]
            if outcome.code or outcome.status == ItemStatus.FAILED
            else []
        ),
    }


@transaction.atomic
def chunk_write(
    job: ExportJob, items: list[ItemRow], outcomes: dict[int, Outcome], log: ImportLog
) -> None:
    """Write the chunk's item and record-map statuses, counts and import log in one go."""
    now = timezone.now()
    done = [item for item in items if outcomes[item.pk].status != ItemStatus.PENDING]
    for item in done:
        _item_apply(item, outcomes[item.pk])
        _map_apply(item.record_map, outcomes[item.pk], now)
        item.record_map.updated_at = now
    rows_update(ExportJobItem, {i.pk: {f: getattr(i, f) for f in ITEM_FIELDS} for i in done})
    maps = [item.record_map for item in done]
    rows_update(RecordMap, {m.pk: {f: getattr(m, f) for f in MAP_FIELDS} for m in maps})
    counts = {s: sum(1 for i in done if i.status == s) for s in ItemStatus}
    ExportJob.objects.filter(pk=job.pk).update(
        processed=F("processed") + len(done),
        succeeded=F("succeeded") + counts[ItemStatus.SENT],
        skipped=F("skipped") + counts[ItemStatus.SKIPPED],
        failed=F("failed") + counts[ItemStatus.FAILED],
        next_attempt_at=lease_end(now),
    )
    rows = [_log_row(item, outcomes[item.pk]) for item in items]
    log_close(log, {"chunk": log.chunk, "records": rows})
