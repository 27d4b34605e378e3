"""Schema enforcement: each value checked and coerced as Salesforce does, errors in its words."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from emulator.ids import id_to_18
from emulator.schema import NUMBER_TYPES, TEXT_TYPES, FieldSpec, ObjectSpec
from emulator.state import datetime_format

if TYPE_CHECKING:
    from emulator.state import Org

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RequestError(Exception):
    """A whole request refused: answered as `[{"message": ..., "errorCode": ...}]`."""

    def __init__(self, status: int, code: str, message: str, fields: list[str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields

    def body(self) -> list[dict[str, Any]]:
        """Return the JSON error list Salesforce sends."""
        item: dict[str, Any] = {"message": self.message, "errorCode": self.code}
        if self.fields is not None:
            item["fields"] = self.fields
        return [item]


def record_error(code: str, message: str, fields: list[str] | None = None) -> dict[str, Any]:
    """Return one entry of a per-record `errors` list."""
    return {"statusCode": code, "message": message, "fields": fields or []}


def _no_such_column(obj: ObjectSpec, name: str) -> RequestError:
    return RequestError(
        400, "INVALID_FIELD", f"No such column '{name}' on sobject of type {obj.name}"
    )


def fields_canonical(obj: ObjectSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """The body under the fields' API names, matched in any letter case as Salesforce does.

    A field that does not exist refuses the request: the body cannot even be deserialised.
    """
    named: dict[str, Any] = {}
    for name, value in values.items():
        if name == "attributes":
            named[name] = value
            continue
        spec = obj.field_named(name)
        if spec is None:
            raise _no_such_column(obj, name)
        if spec.name in named:
            raise RequestError(
                400, "JSON_PARSER_ERROR", f"Duplicate field {spec.name} at [line:1, column:1]"
            )
        named[spec.name] = value
    return named


def field_names_canonical(obj: ObjectSpec, names: Sequence[str]) -> list[str]:
    """Field names (a `fields=` list, CSV headers) under their API names; unknown refuse."""
    found = [obj.field_named(name) for name in names]
    for name, spec in zip(names, found, strict=True):
        if spec is None:
            raise _no_such_column(obj, name)
    return [spec.name for spec in found if spec is not None]


def values_clean(
    org: Org, obj: ObjectSpec, values: Mapping[str, Any], *, creating: bool
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Coerce writable values to their stored form; return them with the per-record errors."""
    writable = (lambda spec: spec.createable) if creating else (lambda spec: spec.updateable)
    names = [name for name in values if name != "attributes"]
    read_only = [name for name in names if not writable(obj.fields[name])]
    errors: list[dict[str, Any]] = []
    if read_only:
        errors.append(
            record_error(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {', '.join(read_only)}. Please check the "
                "security settings of this field and verify that it is read/write for your "
                "profile or permission set.",
                read_only,
            )
        )
    cleaned: dict[str, Any] = {}
    for name in names:
        if name in read_only:
            continue
        value, error = value_clean(org, obj.fields[name], values[name])
        if error is not None:
            errors.append(error)
        else:
            cleaned[name] = value
    return cleaned, errors


def value_clean(org: Org, spec: FieldSpec, value: Any) -> tuple[Any, dict[str, Any] | None]:
    """Return (stored value, None) or (None, the field's error)."""
    if value is None or value == "":
        return (False if spec.type == "boolean" else None), None
    if spec.type in TEXT_TYPES:
        return _text_clean(spec, value)
    if spec.type in NUMBER_TYPES:
        return _number_clean(spec, value)
    if spec.type == "reference":
        return _reference_clean(org, spec, value)
    cleaners = {"date": _date_clean, "datetime": _datetime_clean, "boolean": _boolean_clean}
    cleaned = cleaners[spec.type](value)
    return (None, _type_error(spec, value)) if cleaned is None else (cleaned, None)


def _type_error(spec: FieldSpec, value: Any) -> dict[str, Any]:
    return record_error(
        "INVALID_TYPE_ON_FIELD_IN_RECORD",
        f"{spec.label}: value not of required type: {value}",
        [spec.name],
    )


def _text_clean(spec: FieldSpec, value: Any) -> tuple[Any, dict[str, Any] | None]:
    if isinstance(value, dict | list):
        return None, _type_error(spec, value)
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if spec.type == "email" and not _EMAIL.match(text):
        return None, record_error(
            "INVALID_EMAIL_ADDRESS", f"{spec.label}: invalid email address: {text}", [spec.name]
        )
    if spec.restricted_picklist and text not in spec.picklist_values:
        return None, record_error(
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            f"{spec.label}: bad value for restricted picklist field: {text}",
            [spec.name],
        )
    if spec.length and len(text) > spec.length:
        return None, record_error(
            "STRING_TOO_LONG",
            f"{spec.label}: data value too large: {text} (max length={spec.length})",
            [spec.name],
        )
    return text, None


def _number_clean(spec: FieldSpec, value: Any) -> tuple[Any, dict[str, Any] | None]:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        return None, _type_error(spec, value)
    if spec.type == "int" and not number.is_integer():
        return None, _type_error(spec, value)
    if abs(number) >= 10 ** (spec.precision - spec.scale):
        return None, record_error(
            "NUMBER_OUTSIDE_VALID_RANGE",
            f"{spec.label}: value outside of valid range on numeric field: {value}",
            [spec.name],
        )
    return (int(number) if spec.type == "int" else round(number, spec.scale)), None


def _date_clean(value: Any) -> str | None:
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def datetime_parse(value: Any) -> datetime | None:
    """Parse an ISO datetime as the API accepts it (Z, +00:00 or +0000); naive means UTC."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _datetime_clean(value: Any) -> str | None:
    moment = datetime_parse(value)
    return datetime_format(moment) if moment else None


def _boolean_clean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _reference_clean(org: Org, spec: FieldSpec, value: Any) -> tuple[Any, dict[str, Any] | None]:
    record_id = id_to_18(value)
    if record_id is None:
        return None, record_error(
            "MALFORMED_ID", f"{spec.label}: id value of incorrect type: {value}", [spec.name]
        )
    for target in spec.reference_to:
        record = org.table(target).get(record_id)
        if record is None or record.get("IsDeleted"):
            continue
        if target == "Group" and record.get("Type") != "Queue":
            break
        if target == "User" and spec.name == "OwnerId" and not record.get("IsActive"):
            return None, record_error(
                "INACTIVE_OWNER_OR_USER",
                f"operation performed with inactive user [{record_id}] as owner of record",
                [spec.name],
            )
        return record_id, None
    return None, record_error(
        "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [spec.name]
    )


def required_missing(
    obj: ObjectSpec, record: Mapping[str, Any], changed: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """Return REQUIRED_FIELD_MISSING for required fields left empty (on update: only those set)."""
    missing = [
        spec.name
        for spec in obj.fields.values()
        if not spec.nillable
        and spec.createable
        and spec.type != "boolean"
        and (changed is None or spec.name in changed)
        and record.get(spec.name) in (None, "")
    ]
    if not missing:
        return None
    return record_error(
        "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]", missing
    )
