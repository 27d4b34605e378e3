"""Update push (vendor -> partner): send queued changes to the partner's connected records.

Due outbox rows are sent per connection and object, 200 records a request, as upserts of the
Connected External object on its external-ID field with the lookup to the imported record set.
A record whose update-field values equal those last sent is cleared without a request, so a
change of other fields sends nothing. Rows are only cleared once sent: a failure between the
commit of a change and its send leaves them queued for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from salesforce import (
    RecordResult,
    SalesforceAuthFailed,
    SalesforceClient,
    SalesforceError,
    SalesforceLimitReached,
    SalesforceTransient,
)
from sync.errors import ConnectionInvalid
from sync.kinds import sync_kind
from sync.models import (
    Connection,
    NoticeKind,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.models import UpdateOutbox as Outbox
from sync.payloads import Payload, payload_build
from sync.selectors.connections import object_mapping_active
from sync.services.connections.setup import connection_client, connection_mark_error
from sync.services.export.status import FIELD_MAP_ERROR_CODES
from sync.services.failure_notices import FailedRecord, failure_notice_add
from sync.services.updates.common import PUSH, connected_plans, enabled_and_leased
from sync.services.updates.common import lookup_field as lookup_of
from sync.services.updates.outbox import chunked

OS = OutboundStatus
BATCH_SIZE = 200
# Rows read per pass; a pass sends them in batches of BATCH_SIZE.
PASS_SIZE = 2000
TIME_BUDGET_SECONDS = 120
NOT_FOUND_CODES = frozenset({"ENTITY_IS_DELETED", "NOT_FOUND"})


@dataclass(slots=True)
class Row:
    """A due outbox row and the record map it stands for."""

    pk: int
    queued_at: datetime
    values_hash: str
    map_id: int
    object_type: str
    record_id: int
    external_id: str
    outbound_status: str


@dataclass
class PushReport:
    """What one push run did."""

    sent: int = 0
    unchanged: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list[str] = field(default_factory=list)
    failures: list[FailedRecord] = field(default_factory=list)

    def fail(self, rows: list[Row], status: str, message: str) -> None:
        self.failed += len(rows)
        self.failures += [FailedRecord(r.object_type, r.record_id, status, message) for r in rows]


class _Stop(Exception):
    """The connection cannot take pushes now; the rest stays queued."""


def updates_push(*, connection_id: int) -> PushReport:
    """Send the connection's due outbox rows; one run per connection at a time."""
    report = PushReport()
    # Not Enabled, or another run pushing: queued rows stay for the next run or the reconnect.
    with enabled_and_leased(connection_id, PUSH) as connection:
        if connection is not None:
            _push_all(connection, report)
    if report.failed:
        failure_notice_add(
            connection_id=connection_id,
            kind=NoticeKind.UPDATE_OUT,
            total=report.sent + report.failed + report.retrying,
            failed=report.failed,
            records=report.failures,
        )
    return report


def _push_all(connection: Connection, report: PushReport) -> None:
    """Pass over due rows until none is left, waiting out a window that is about to close."""
    client: SalesforceClient | None = None
    started = time.monotonic()
    try:
        while time.monotonic() - started < TIME_BUDGET_SECONDS:
            rows = _due_rows(connection)
            if not rows:
                wait = _seconds_to_next_due(connection)
                if wait is None:
                    return
                time.sleep(wait)
                continue
            if client is None:
                client = connection_client(connection)
            for object_type in ObjectType:
                group = [row for row in rows if row.object_type == object_type]
                if group:
                    _push_object(connection, client, object_type, group, report)
    except ConnectionInvalid as error:
        report.errors.append(str(error))
    except _Stop:
        return
    finally:
        if client is not None:
            client.close()


def _due_rows(connection: Connection) -> list[Row]:
    """Queued rows that are due, of records no export job holds right now."""
    rows = (
        Outbox.objects.filter(
            connection=connection, queued_at__isnull=False, due_at__lte=timezone.now()
        )
        .filter(record_map__job__isnull=True)
        .order_by("due_at", "pk")
        .values_list(
            "pk",
            "queued_at",
            "values_hash",
            "record_map_id",
            "record_map__object_type",
            "record_map__lead_id",
            "record_map__opportunity_id",
            "record_map__external_id",
            "record_map__outbound_status",
        )
    )
    return [
        Row(pk, queued, sent, map_id, obj, lead or opp, ext, status)
        for pk, queued, sent, map_id, obj, lead, opp, ext, status in rows[:PASS_SIZE]
        if queued is not None
    ]


def _seconds_to_next_due(connection: Connection) -> float | None:
    """Seconds until the next queued row is due when that is within the push window."""
    queued = Outbox.objects.filter(connection=connection, queued_at__isnull=False)
    queued = queued.filter(record_map__job__isnull=True)
    due = queued.order_by("due_at").values_list("due_at", flat=True).first()
    if due is None:
        return None
    wait = (due - timezone.now()).total_seconds()
    return max(wait, 0.0) + 0.01 if wait <= settings.UPDATE_PUSH_WINDOW_SECONDS else None


def _push_object(
    connection: Connection,
    client: SalesforceClient,
    object_type: str,
    rows: list[Row],
    report: PushReport,
) -> None:
    """Send one object's due rows, or settle them here when there is nothing to send."""
    mapping = object_mapping_active(connection, object_type)
    if mapping is None or not mapping.connected_object:
        message = f"The {object_type} mapping is not active."
        _failed(rows, OS.UPDATE_PUBLISH_FIELD_MAP_ERROR, message, report)
        return
    plans, problem = connected_plans(mapping)
    if problem:
        _failed(rows, OS.UPDATE_PUBLISH_FIELD_MAP_ERROR, problem, report)
        return
    # Not exported (no partner record), or its counterpart is gone: nothing to send to.
    dead = [
        r
        for r in rows
        if not r.external_id or r.outbound_status == OS.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    ]
    _clear(dead)
    rows = [r for r in rows if r not in dead]
    if not plans:
        _clear(rows)
        return
    model = sync_kind(object_type).model
    values = model._default_manager.filter(pk__in=[r.record_id for r in rows])
    ext = mapping.external_id_field
    payloads = {
        row["id"]: payload_build(row, plans, external_id_field=ext, owner_id="")
        for row in values.values("id", *(p.name for p in plans)).order_by()
    }
    to_send = _to_send(rows, payloads, report)
    lookup = lookup_of(object_type)
    for chunk in chunked(to_send, BATCH_SIZE):
        bodies = [{**payload.body, lookup: row.external_id} for row, payload in chunk]
        _send(connection, client, mapping.connected_object, ext, chunk, bodies, report)


def _to_send(
    rows: list[Row], payloads: dict[int, Payload], report: PushReport
) -> list[tuple[Row, Payload]]:
    """The rows whose update-field values changed since the last send; the rest settled."""
    to_send: list[tuple[Row, Payload]] = []
    unchanged: list[Row] = []
    for row in rows:
        payload = payloads.get(row.record_id)
        if payload is None or payload.digest == row.values_hash:
            unchanged.append(row)
        elif payload.error:
            _failed([row], OS.UPDATE_PUBLISH_FIELD_MAP_ERROR, payload.error, report)
        else:
            to_send.append((row, payload))
    _clear(unchanged)
    report.unchanged += len(unchanged)
    return to_send


def _send(
    connection: Connection,
    client: SalesforceClient,
    sobject: str,
    ext: str,
    chunk: Sequence[tuple[Row, Payload]],
    bodies: list[dict[str, Any]],
    report: PushReport,
) -> None:
    """Upsert one batch and settle each row by its result."""
    rows = [row for row, _ in chunk]
    _maps(rows).update(outbound_status=OS.UPDATE_IN_PROGRESS, updated_at=timezone.now())
    try:
        results = client.upsert_many(sobject, ext, bodies)
    except (SalesforceTransient, SalesforceLimitReached) as error:
        _retry_later(rows, str(error), report)
        return
    except SalesforceAuthFailed as error:
        message = f"The partner org refused our login: {error}"
        connection_mark_error(connection=connection, message=message)
        _retry_later(rows, message, report, status=OS.UPDATE_PUBLISH_CONNECTION_ERROR)
        raise _Stop from error
    except SalesforceError as error:
        if error.error_code in FIELD_MAP_ERROR_CODES:
            # The partner org refused the fields themselves: not retried until the mapping is
            # saved again (updates_retry_mapping_errors) or the values change.
            status = OS.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR
            _mark_sent(list(chunk), status=status, message=str(error))
            report.fail(rows, status, str(error))
            return
        _retry_later(rows, str(error), report, status=OS.UPDATE_SUBSCRIBE_UNKNOWN_ERROR)
        return
    _settle(list(chunk), results, report)


def _settle(
    chunk: list[tuple[Row, Payload]], results: list[RecordResult], report: PushReport
) -> None:
    sent: list[tuple[Row, Payload]] = []
    for (row, payload), result in zip(chunk, results, strict=True):
        if result.ok:
            sent.append((row, payload))
        elif result.transient:
            _retry_later([row], _message(result), report)
        else:
            # Marked as sent: the same values are not tried again until they change.
            status = _status_for(result, lookup_of(row.object_type))
            _mark_sent([(row, payload)], status=status, message=_message(result))
            report.fail([row], status, _message(result))
    _mark_sent(sent, status=OS.UPDATE_SUCCESS, message="")
    report.sent += len(sent)


def _message(result: RecordResult) -> str:
    return "; ".join(e.message for e in result.errors) or "The partner org rejected it."


def _status_for(result: RecordResult, lookup: str) -> OutboundStatus:
    """The outbound status of a connected record the partner org refused."""
    code = result.errors[0].status_code if result.errors else "UNKNOWN_EXCEPTION"
    # The lookup is the only reference sent: refused, it means the imported record is gone.
    broken_lookup = code == "INVALID_CROSS_REFERENCE_KEY" and any(
        lookup in error.fields for error in result.errors
    )
    if code in NOT_FOUND_CODES or broken_lookup:
        return OS.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    if code in FIELD_MAP_ERROR_CODES:
        return OS.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR
    return OS.UPDATE_SUBSCRIBE_UNKNOWN_ERROR


def _maps(rows: list[Row]) -> Any:
    return RecordMap.objects.filter(pk__in=[row.map_id for row in rows])


def _clear(rows: list[Row]) -> None:
    """Unqueue rows, unless a later change queued them again since they were read."""
    for chunk in chunked(rows, BATCH_SIZE):
        match = Q(pk__in=[])
        for row in chunk:
            match |= Q(pk=row.pk, queued_at=row.queued_at)
        Outbox.objects.filter(match).update(queued_at=None, due_at=None, attempts=0)


def _mark_sent(sent: list[tuple[Row, Payload]], *, status: OutboundStatus, message: str) -> None:
    """Record what was sent (its hash, and the body when the partner org took it) and the
    outcome, and unqueue the rows."""
    if not sent:
        return
    now = timezone.now()
    # A refused body never reached the partner org, so nothing of it can come back as an echo.
    accepted = status == OS.UPDATE_SUCCESS
    outbox = [
        Outbox(
            pk=row.pk,
            values_hash=payload.digest,
            sent_at=now,
            values_sent=payload.body if accepted else {},
            last_error=message,
        )
        for row, payload in sent
    ]
    Outbox.objects.bulk_update(outbox, ["values_hash", "sent_at", "values_sent", "last_error"])
    rows = [row for row, _ in sent]
    _clear(rows)
    _maps(rows).update(
        outbound_status=status,
        last_modified_sent=now,
        last_error_code="" if status == OS.UPDATE_SUCCESS else status,
        last_error_message=message,
        updated_at=now,
    )


def _failed(rows: list[Row], status: OutboundStatus, message: str, report: PushReport) -> None:
    """Settle rows that cannot be sent on our side; a later change queues them again."""
    _clear(rows)
    now = timezone.now()
    Outbox.objects.filter(pk__in=[r.pk for r in rows]).update(last_error=message)
    _maps(rows).update(
        outbound_status=status, last_error_code=status, last_error_message=message, updated_at=now
    )
    report.fail(rows, status, message)


def _retry_later(
    rows: list[Row],
    message: str,
    report: PushReport,
    *,
    status: OutboundStatus = OS.UPDATE_PUBLISH_EVENT_ERROR,
) -> None:
    """Keep the rows queued and due again after the retry delay; nothing is lost."""
    now = timezone.now()
    due = now + timedelta(seconds=settings.EXPORT_RETRY_BASE_SECONDS)
    Outbox.objects.filter(pk__in=[r.pk for r in rows]).update(
        due_at=due, attempts=F("attempts") + 1, last_error=message
    )
    _maps(rows).update(
        outbound_status=status, last_error_code=status, last_error_message=message, updated_at=now
    )
    report.retrying += len(rows)
