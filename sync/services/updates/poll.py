"""Update poll (partner -> vendor): refresh the local connected records from the partner org.

One SOQL query per 200 imported records and object, asking for the update fields of records
changed since the connection's watermark (deleted ones included). The connected record follows
what the partner org holds, whoever wrote it there: a re-export that overwrote the partner's
value is read like any change. No loops: an echo (our integration user writing back just what
the last update push delivered, at or after its time) is not a partner change, so it sets no
status and is not counted, and values equal to the stored ones write nothing. The poll never
writes the vendor's records, so nothing it reads is pushed again. A counterpart deleted in the
partner org breaks the link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from salesforce import SalesforceAuthFailed, SalesforceClient, SalesforceError
from sync.errors import ConnectionInvalid
from sync.fields import connected_field_name
from sync.kinds import sync_kind_of_reference
from sync.models import (
    ConnectedExternalRecord,
    Connection,
    InboundStatus,
    MappingState,
    NoticeKind,
    ObjectMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
    UpdateOutbox,
)
from sync.services.connections.setup import connection_client, connection_mark_error
from sync.services.export.status import FIELD_MAP_ERROR_CODES
from sync.services.failure_notices import failure_notice_add
from sync.services.updates.common import POLL, enabled_and_leased, update_fields

# The next poll looks back this far before the last one started: records stamped in the same
# second, or by a clock slightly behind ours, are read again (and write nothing if unchanged).
POLL_OVERLAP_SECONDS = 5
GONE_MESSAGE = "The record was deleted in the partner org; updates can no longer reach it."


@dataclass(frozen=True)
class MapRef:
    """An imported record's map, as the poll needs it."""

    pk: int
    lead_id: int | None
    opportunity_id: int | None


@dataclass(frozen=True)
class Sent:
    """What the partner org last accepted of a record's update push, and when."""

    values: dict[str, Any]
    at: datetime | None


@dataclass
class PollReport:
    """What one poll run did."""

    returned: int = 0
    changed: int = 0
    unchanged: int = 0
    # Echoes of our own pushes: the copy follows them, but they are no partner change.
    ignored: int = 0
    gone: int = 0
    errors: list[str] = field(default_factory=list)


def updates_poll(*, connection_id: int) -> PollReport:
    """Read the partner's changes of the connection's imported records; one run at a time."""
    report = PollReport()
    with enabled_and_leased(connection_id, POLL) as connection:
        if connection is not None:
            _poll_guarded(connection, report)
    return report


def _poll_guarded(connection: Connection, report: PollReport) -> None:
    """Poll; a failed call leaves the watermark where it was, so the next run catches up."""
    try:
        client = connection_client(connection)
    except (ConnectionInvalid, ValueError) as error:
        report.errors.append(str(error))
        return
    try:
        _poll(connection, client, report)
    except SalesforceAuthFailed as error:
        message = f"The partner org refused our login: {error}"
        connection_mark_error(connection=connection, message=message)
        report.errors.append(message)
    except SalesforceError as error:
        report.errors.append(str(error))
    finally:
        client.close()


def _poll(connection: Connection, client: SalesforceClient, report: PollReport) -> None:
    started = timezone.now()
    integration_user = connection.integration_user_id or client.identity().user_id
    complete = True
    mappings = connection.object_mappings.filter(state=MappingState.ACTIVE)
    for mapping in mappings.order_by("object_type"):
        complete &= _poll_object(connection, client, mapping, integration_user, report)
    if complete:
        watermark = started - timedelta(seconds=POLL_OVERLAP_SECONDS)
        Connection.objects.filter(pk=connection.pk).update(poll_watermark=watermark)


def _poll_object(
    connection: Connection,
    client: SalesforceClient,
    mapping: ObjectMapping,
    integration_user: str,
    report: PollReport,
) -> bool:
    """Poll one object; False when the partner org refused the query."""
    targets = {f.target_field: f.field_name for f in update_fields(mapping)}
    if not targets:
        return True
    maps = _imported(connection, mapping.object_type)
    if not maps:
        return True
    try:
        records = client.query_changed(
            mapping.object_type,
            [*targets, "IsDeleted"],
            sorted(maps),
            connection.poll_watermark,
            include_deleted=True,
        )
    except SalesforceError as error:
        if error.error_code not in FIELD_MAP_ERROR_CODES:
            raise
        _field_map_error(list(maps.values()), str(error))
        report.errors.append(str(error))
        label = ObjectType(mapping.object_type).label.lower()
        failure_notice_add(
            connection_id=connection.pk,
            kind=NoticeKind.UPDATE_IN,
            total=len(maps),
            failed=len(maps),
            message=f"The partner org refused the query of the {label} update fields: {error}",
        )
        return False
    report.returned += len(records)
    ours = _ours(integration_user, maps, targets)
    _apply(connection.pk, records, maps, targets, ours, report)
    return True


def _imported(connection: Connection, object_type: str) -> dict[str, MapRef]:
    """The connection's record maps of ``object_type`` with a partner record, by its id."""
    rows = (
        RecordMap.objects.filter(connection=connection, object_type=object_type)
        .exclude(external_id="")
        .values_list("external_id", "pk", "lead_id", "opportunity_id")
    )
    return {ext: MapRef(pk, lead, opp) for ext, pk, lead, opp in rows}


def _ours(integration_user: str, maps: dict[str, MapRef], targets: dict[str, str]) -> Ours:
    """Our integration user and what the update push last delivered per record map."""
    map_ids = [ref.pk for ref in maps.values()]
    rows = UpdateOutbox.objects.filter(record_map_id__in=map_ids).exclude(values_sent={})
    pairs = rows.values_list("record_map_id", "values_sent", "sent_at")
    sent = {pk: Sent(values, at) for pk, values, at in pairs.iterator()}
    sent_field = {name: connected_field_name(target) for target, name in targets.items()}
    return Ours(integration_user, sent, sent_field)


@dataclass(frozen=True)
class Ours:
    """What tells our own writes in the partner org: the integration user and the last pushes."""

    user: str
    sent: dict[int, Sent]
    # Vendor field -> the Connected External field its pushed value was sent in.
    sent_field: dict[str, str]

    def echo(
        self, ref: MapRef, before: dict[str, Any], after: dict[str, Any], record: dict[str, Any]
    ) -> bool:
        """Whether our user wrote, into every field that changed, what the last push delivered,
        stamped at or after it."""
        sent = self.sent.get(ref.pk)
        if record.get("LastModifiedById") != self.user or sent is None or sent.at is None:
            return False
        stamp = _modstamp(record)
        # The org's clock may run slightly behind ours, as for the watermark.
        if stamp is None or stamp < sent.at - timedelta(seconds=POLL_OVERLAP_SECONDS):
            return False
        changed = [name for name, value in after.items() if before.get(name) != value]
        return all(
            self.sent_field[name] in sent.values
            and _same(after[name], sent.values[self.sent_field[name]])
            for name in changed
        )


@dataclass
class Writes:
    """What one poll batch writes into the connected records."""

    new: list[ConnectedExternalRecord] = field(default_factory=list)
    changed: list[ConnectedExternalRecord] = field(default_factory=list)
    echoed: list[ConnectedExternalRecord] = field(default_factory=list)
    gone: list[MapRef] = field(default_factory=list)


def _apply(
    connection_id: int,
    records: list[dict[str, Any]],
    maps: dict[str, MapRef],
    targets: dict[str, str],
    ours: Ours,
    report: PollReport,
) -> None:
    """Write what changed into the connected records, set-based."""
    found = [(maps[r["Id"]], r) for r in records if r["Id"] in maps]
    existing = {
        c.record_map_id: c
        for c in ConnectedExternalRecord.objects.filter(record_map_id__in=[m.pk for m, _ in found])
    }
    writes = Writes()
    for ref, record in found:
        current = existing.get(ref.pk)
        values = {name: record.get(target) for target, name in targets.items()}
        if record.get("IsDeleted"):
            writes.gone.append(ref)
        elif current is None:
            seeded = record.get("LastModifiedById") == ours.user
            writes.new.append(_connected(connection_id, ref, values, record, seeded=seeded))
        elif current.values == values:
            report.unchanged += 1
        elif ours.echo(ref, current.values, values, record):
            # The org holds what we pushed: the copy says so, without calling it a change.
            current.values = values
            writes.echoed.append(current)
        else:
            _refresh(current, values, record)
            writes.changed.append(current)
    _write(writes)
    report.ignored += len(writes.echoed)
    report.changed += len(writes.changed) + sum(1 for c in writes.new if c.inbound_status)
    report.gone += len(writes.gone)


def _same(polled: Any, sent: Any) -> bool:
    """Whether a value read from the org is the value we sent, in the org's own spelling."""
    if polled == sent or isinstance(polled, bool) or isinstance(sent, bool):
        return polled == sent
    if isinstance(polled, int | float) and isinstance(sent, int | float):
        return float(polled) == float(sent)
    if isinstance(polled, str) and isinstance(sent, str):
        # Date-times come back as ...+0000 where we send ...Z.
        polled_at = _instant(polled)
        return polled_at is not None and polled_at == _instant(sent)
    return False


def _instant(value: str) -> datetime | None:
    """A date-time written as text, or None when the text is not one (any other text)."""
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _modstamp(record: dict[str, Any]) -> datetime | None:
    value = record.get("SystemModstamp")
    return parse_datetime(value) if isinstance(value, str) else None


def _connected(
    connection_id: int, ref: MapRef, values: dict[str, Any], record: dict[str, Any], *, seeded: bool
) -> ConnectedExternalRecord:
    """A new connected record; seeded from our own import it carries no update status."""
    return ConnectedExternalRecord(
        record_map_id=ref.pk,
        connection_id=connection_id,
        object_type=sync_kind_of_reference(ref).object_type,
        lead_id=ref.lead_id,
        opportunity_id=ref.opportunity_id,
        values=values,
        last_changed_at=_modstamp(record),
        inbound_status="" if seeded else InboundStatus.UPDATE_SUCCESS,
    )


def _refresh(
    current: ConnectedExternalRecord, values: dict[str, Any], record: dict[str, Any]
) -> None:
    current.values = values
    current.last_changed_at = _modstamp(record)
    current.inbound_status = InboundStatus.UPDATE_SUCCESS
    current.error_message = ""


def _write(writes: Writes) -> None:
    new, changed = writes.new, writes.changed
    ConnectedExternalRecord.objects.bulk_create(new, ignore_conflicts=True)
    ConnectedExternalRecord.objects.bulk_update(
        changed, ["values", "last_changed_at", "inbound_status", "error_message"]
    )
    ConnectedExternalRecord.objects.bulk_update(writes.echoed, ["values"])
    updated = [c.record_map_id for c in changed] + [
        c.record_map_id for c in new if c.inbound_status
    ]
    RecordMap.objects.filter(pk__in=updated).update(
        inbound_status=InboundStatus.UPDATE_SUCCESS, updated_at=timezone.now()
    )
    if writes.gone:
        _mark_gone(writes.gone)


def _mark_gone(gone: list[MapRef]) -> None:
    """The counterpart was deleted in the partner org: the link is broken."""
    ids = [ref.pk for ref in gone]
    status = OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    RecordMap.objects.filter(pk__in=ids).update(
        outbound_status=status,
        last_error_code=status,
        last_error_message=GONE_MESSAGE,
        updated_at=timezone.now(),
    )
    ConnectedExternalRecord.objects.filter(record_map_id__in=ids).update(
        inbound_status=InboundStatus.UPDATE_CONNECTED_RECORD_ERROR,
        error_message=f"{status}: {GONE_MESSAGE}",
    )


def _field_map_error(refs: list[MapRef], message: str) -> None:
    """The partner org refused the update fields (a field deleted or renamed there)."""
    ids = [ref.pk for ref in refs]
    RecordMap.objects.filter(pk__in=ids).update(
        inbound_status=InboundStatus.UPDATE_FIELD_MAP_ERROR, updated_at=timezone.now()
    )
    ConnectedExternalRecord.objects.filter(record_map_id__in=ids).update(
        inbound_status=InboundStatus.UPDATE_FIELD_MAP_ERROR, error_message=message
    )
