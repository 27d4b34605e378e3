"""Set-based building of the Salesforce records an export sends, with a hash per record.

Only fields the partner accepted and mapped cross. Values are converted by the vendor field's
Salesforce type; picklist values go through the partner's value map. The external-ID field
carries the vendor record id, so an upsert of the same record always lands on the same row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F

from core.rows import InArray
from portal.fieldtypes import EXPORTABLE_TYPES, SalesforceType
from sync.kinds import sync_kind
from sync.models import FieldMapping, ObjectMapping, ObjectType

T = SalesforceType

NUMERIC_TYPES = frozenset({T.CURRENCY, T.NUMBER, T.PERCENT})


class ValueNotConvertible(Exception):
    """A vendor value has no Salesforce form for its field type."""


@dataclass(frozen=True)
class FieldPlan:
    """How one accepted vendor field crosses: its target and value conversion."""

    name: str
    target: str
    sf_type: SalesforceType
    picklist_map: dict[str, str]
    picklist_default: str
    # Chosen once from sf_type: the conversion runs for every field of thousands of records.
    convert: Callable[[Any], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "convert", CONVERTERS.get(self.sf_type, _text))


@dataclass(frozen=True)
class Payload:
    """One record as sent: the body, its hash, and what was left out or went wrong."""

    record_id: int
    body: dict[str, Any]
    digest: str
    left_out: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def partial(self) -> bool:
        return bool(self.left_out)


def external_id_of(record_id: int) -> str:
    """The stable value of the partner org's external-ID field for a vendor record."""
    return str(record_id)


def field_plans(object_type: str, fields: Iterable[FieldMapping]) -> tuple[list[FieldPlan], str]:
    """The plans of the mapped fields, and why the selection cannot be sent ("" when it can)."""
    model = sync_kind(ObjectType(object_type)).model
    types: dict[str, SalesforceType] = getattr(model, "salesforce_types", {})
    plans: list[FieldPlan] = []
    for mapping in fields:
        sf_type = types.get(mapping.field_name)
        if sf_type is None or sf_type not in EXPORTABLE_TYPES:
            return [], (
                f"The field {mapping.field_name!r} can no longer be exported; the vendor admin "
                "must re-select the exported fields."
            )
        plans.append(
            FieldPlan(
                name=mapping.field_name,
                target=mapping.target_field,
                sf_type=sf_type,
                picklist_map=dict(mapping.picklist_map or {}),
                picklist_default=mapping.picklist_default,
            )
        )
    return plans, ""


def _datetime_value(value: dt.datetime) -> str:
    utc = value.astimezone(dt.UTC) if value.tzinfo else value
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _number(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueNotConvertible(f"{value!r} is not a number")
    return float(value) if isinstance(value, Decimal) else value


def _checkbox(value: Any) -> Any:
    return None if value is None or value == "" else bool(value)


def _datetime(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.datetime):
        raise ValueNotConvertible(f"{value!r} is not a date and time")
    return _datetime_value(value)


def _date(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.date):
        raise ValueNotConvertible(f"{value!r} is not a date")
    return value.isoformat()


def _time(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.time):
        raise ValueNotConvertible(f"{value!r} is not a time")
    return value.strftime("%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _text(value: Any) -> Any:
    return None if value is None or value == "" else str(value)


CONVERTERS: dict[SalesforceType, Callable[[Any], Any]] = {
    T.CURRENCY: _number,
    T.NUMBER: _number,
    T.PERCENT: _number,
    T.CHECKBOX: _checkbox,
    T.DATETIME: _datetime,
    T.DATE: _date,
    T.TIME: _time,
}


def value_convert(sf_type: SalesforceType, value: Any) -> Any:
    """The JSON value Salesforce takes for a vendor value of this type (None clears)."""
    return CONVERTERS.get(sf_type, _text)(value)


def picklist_convert(plan: FieldPlan, value: str) -> str | None:
    """The partner's picklist value for a vendor value, or None when it must be left out."""
    # A field mapped without a value map (e.g. onto a text field) takes the values as they are.
    if not plan.picklist_map:
        return value
    mapped = plan.picklist_map.get(value)
    if mapped:
        return mapped
    return plan.picklist_default or None


@dataclass(frozen=True)
class ValueBack:
    """A partner org's value read back in the vendor's terms."""

    # The vendor's value the partner's maps back to, or else the partner's own value.
    value: Any
    # The value as the partner org holds it.
    partner_value: Any
    # Why the partner's own value is kept ("" when it maps back or needs no map).
    note: str = ""


PARTNER_OWN = "the partner org's value"


def picklist_value_back(
    picklist_map: dict[str, str],
    picklist_default: str,
    partner_value: Any,
    vendor_values: Collection[str] = (),
) -> ValueBack:
    """The vendor's value for a partner picklist value, through the value map inverted.

    The vendor values the map leaves out (of ``vendor_values``, the field's choices) are sent
    as the default, so they map to it too. A partner value that no vendor value maps to, or
    that several do, stays as it is, with the reason; the vendor values of an ambiguous one
    are named in sorted order.
    """
    if partner_value in (None, "") or not picklist_map:
        return ValueBack(partner_value, partner_value)
    sources = {vendor for vendor, mapped in picklist_map.items() if mapped == partner_value}
    is_default = bool(picklist_default) and partner_value == picklist_default
    if is_default:
        sources |= {vendor for vendor in vendor_values if not picklist_map.get(vendor)}
    # Without the vendor's choices, which values the default stands for is not known.
    return _value_back(sorted(sources), partner_value, is_default and not vendor_values)


def _value_back(sources: list[str], partner_value: Any, default_of_unknown: bool) -> ValueBack:
    if len(sources) == 1:
        return ValueBack(sources[0], partner_value)
    if sources:
        named = ", ".join(sources[:-1]) + f" and {sources[-1]}"
        reason = f"the vendor values {named} {'both' if len(sources) == 2 else 'all'} map to it"
    elif default_of_unknown:
        reason = "it is the default for vendor values without a mapping"
    else:
        reason = "no vendor value maps to it"
    return ValueBack(partner_value, partner_value, f"{PARTNER_OWN}; {reason}")


# One encoder for every digest (json.dumps with options builds a new one per call).
_DIGEST_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def payload_digest(body: dict[str, Any]) -> str:
    """A stable hash of what a record's export says, owner excluded."""
    content = {k: v for k, v in body.items() if k != "OwnerId"} if "OwnerId" in body else body
    return hashlib.sha256(_DIGEST_ENCODER.encode(content).encode()).hexdigest()


def payload_build(
    row: dict[str, Any], plans: list[FieldPlan], *, external_id_field: str, owner_id: str
) -> Payload:
    """The payload of one record read as a ``values()`` row."""
    record_id = int(row["id"])
    body: dict[str, Any] = {external_id_field: external_id_of(record_id)}
    left_out: list[str] = []
    for plan in plans:
        raw = row[plan.name]
        if plan.sf_type == T.PICKLIST and raw not in (None, ""):
            converted = picklist_convert(plan, str(raw))
            if converted is None:
                left_out.append(plan.name)
                continue
            body[plan.target] = converted
            continue
        try:
            body[plan.target] = plan.convert(raw)
        except ValueNotConvertible as error:
            return Payload(record_id, {}, "", error=f"{plan.name}: {error}")
    digest = payload_digest(body)
    if owner_id:
        body["OwnerId"] = owner_id
    return Payload(record_id, body, digest, left_out=left_out)


def payloads_for(
    object_mapping: ObjectMapping,
    fields: Iterable[FieldMapping],
    record_ids: Collection[int],
    *,
    new_ids: Collection[int] = (),
) -> dict[int, Payload]:
    """Payloads of the records by id, read in one query.

    ``new_ids`` are records never exported to this org: only they carry the default owner,
    so a re-export does not take a record away from whoever the partner gave it to.
    """
    plans, problem = field_plans(object_mapping.object_type, fields)
    if problem:
        return {pk: Payload(pk, {}, "", error=problem) for pk in record_ids}
    model = sync_kind(object_mapping.object_type).model
    rows = model._default_manager.filter(InArray(F("pk"), list(record_ids))).values(
        "id", *(p.name for p in plans)
    )
    new = set(new_ids)
    ext_field = object_mapping.external_id_field
    owner = object_mapping.default_owner_id
    return {
        row["id"]: payload_build(
            row, plans, external_id_field=ext_field, owner_id=owner if row["id"] in new else ""
        )
        for row in rows.order_by()
    }
