"""Reads of connected external records: the related lists on record pages and in admin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import QuerySet

from accounts.models import User
from portal.models import Lead, Opportunity
from sync.fields import CatalogueField, catalogue_by_name
from sync.kinds import sync_kind, sync_kind_for_model, sync_kind_of_reference
from sync.models import ConnectedExternalRecord, FieldMapping, OutboundStatus
from sync.payloads import ValueBack, picklist_value_back
from sync.statuses import StatusText, inbound_text, outbound_text

GONE = OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND


@dataclass(frozen=True)
class ShownValue:
    """One update field of a connected record, in the vendor's terms where the map allows."""

    name: str
    label: str
    # The vendor's value the partner's maps back to, or the partner's own when none does.
    value: Any
    partner_value: Any
    # Why the partner's own value shows ("" when it maps back or needs no map).
    note: str = ""


@dataclass(frozen=True)
class ConnectedRow:
    """One connected record as a related list shows it."""

    company: str
    values: list[tuple[str, Any]]
    last_changed_at: datetime | None
    status: str
    error: str
    # (label, the partner org's value, the vendor's value, why the partner's own value shows)
    # of each accepted update field.
    fields: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    # When the vendor's update fields were last pushed to the partner org.
    sent_at: datetime | None = None

    @property
    def status_text(self) -> StatusText | None:
        """The status as a person reads it (a deleted counterpart is an outbound status)."""
        return outbound_text(self.status) if self.status == GONE else inbound_text(self.status)


def connected_records_seen_by(
    viewer: User, record: Lead | Opportunity
) -> QuerySet[ConnectedExternalRecord]:
    """The record's connected records the viewer is shown (the caller checked the record).

    Vendor staff see every partner org's; a partner user only their own company's.
    """
    column = sync_kind_for_model(type(record)).record_field
    rows = ConnectedExternalRecord.objects.filter(**{column: record}).select_related(
        "record_map__update_outbox", "connection__partner_account"
    )
    if viewer.is_staff:
        return rows.order_by("connection__partner_account__name")
    return rows.filter(connection__partner_account__memberships__user_id=viewer.pk)


def connected_records_visible_to(
    viewer: User, object_type: str
) -> QuerySet[ConnectedExternalRecord]:
    """Connected records of every lead (or opportunity) the viewer may see, as the related
    lists show them: vendor staff every partner org's, a partner user their company's."""
    kind = sync_kind(object_type)
    records = kind.visible_to(viewer)
    rows = ConnectedExternalRecord.objects.filter(
        object_type=object_type, **{f"{kind.record_field}__in": records.order_by().values("pk")}
    ).select_related("record_map", "connection__partner_account")
    if viewer.is_staff:
        return rows
    return rows.filter(connection__partner_account__memberships__user_id=viewer.pk)


def connected_values_shown(
    connected: ConnectedExternalRecord, fields: Sequence[FieldMapping] | None = None
) -> list[ShownValue]:
    """The update fields the partner accepted, their values mapped back to the vendor's
    picklist values; no other field shows.

    ``fields`` are those fields when the caller already read them (``connected_fields``).
    """
    if fields is None:
        fields = connected_fields(connected.connection_id, connected.object_type)
    model = sync_kind_of_reference(connected).model
    catalogue = catalogue_by_name(connected.object_type)
    return [
        _value_shown(model, catalogue.get(m.field_name), m, connected.values[m.field_name])
        for m in fields
        if m.field_name in connected.values
    ]


def _value_shown(
    model: type[models.Model], field: CatalogueField | None, mapping: FieldMapping, value: Any
) -> ShownValue:
    name = mapping.field_name
    if field is not None and field.is_picklist:
        picklist_map = mapping.picklist_map or {}
        back = picklist_value_back(picklist_map, mapping.picklist_default, value, field.choices)
    else:
        back = ValueBack(value, value)
    return ShownValue(name, _label(model, name), back.value, back.partner_value, back.note)


def connected_fields(connection_id: int, object_type: str) -> list[FieldMapping]:
    """The update fields of the connection's object that the partner accepted, by name."""
    accepted = FieldMapping.objects.filter(
        object_mapping__connection_id=connection_id,
        object_mapping__object_type=object_type,
        send_updates=True,
        accepted=True,
    ).exclude(target_field="")
    return list(accepted.order_by("field_name"))


def _shown(record: models.Model, name: str) -> Any:
    """The vendor's value of a field, as its picklist label where it has one."""
    display = getattr(record, f"get_{name}_display", None)
    return display() if display is not None else getattr(record, name, None)


def _label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def connected_status(connected: ConnectedExternalRecord) -> tuple[str, str]:
    """(status, error) of a connected record; a deleted counterpart shows as such."""
    if connected.record_map.outbound_status == GONE:
        return GONE, connected.record_map.last_error_message
    return connected.inbound_status or "ImportSuccess", connected.error_message


def connected_rows_for(*, viewer: User, record: Lead | Opportunity) -> list[ConnectedRow]:
    """The related list *Connected External Leads / Opportunities* of a record for the viewer."""
    rows = []
    model = type(record)
    for connected in connected_records_seen_by(viewer, record):
        status, error = connected_status(connected)
        fields = connected_fields(connected.connection_id, connected.object_type)
        shown = connected_values_shown(connected, fields)
        ours = {_label(model, f.field_name): _shown(record, f.field_name) for f in fields}
        outbox = getattr(connected.record_map, "update_outbox", None)
        rows.append(
            ConnectedRow(
                company=str(connected.connection.partner_account),
                values=[(value.label, value.value) for value in shown],
                last_changed_at=connected.last_changed_at,
                status=status,
                error=error,
                fields=[(v.label, v.value, ours.get(v.label), v.note) for v in shown],
                sent_at=outbox.sent_at if outbox is not None else None,
            )
        )
    return rows
