"""The exportable field catalogue per object and the rules for mapping it onto an org's field.

The catalogue comes from the vendor model's ``salesforce_types`` and its meta; the target side
is a field of the partner org's describe (anything shaped like ``TargetField``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from django.db import models
from django.utils.text import capfirst

from portal.fieldtypes import SalesforceType, unsupported_reason
from sync.kinds import sync_kind
from sync.models import ObjectType

T = SalesforceType

# Vendor type -> the describe types of the org fields it may be mapped onto.
COMPATIBLE_TYPES: dict[SalesforceType, tuple[str, ...]] = {
    T.TEXT: ("string", "textarea"),
    T.TEXT_AREA: ("textarea", "string"),
    T.EMAIL: ("email", "string"),
    T.PHONE: ("phone", "string"),
    T.URL: ("url", "string"),
    T.PICKLIST: ("picklist", "string"),
    T.CURRENCY: ("currency", "double"),
    T.NUMBER: ("double", "int"),
    T.PERCENT: ("percent", "double"),
    T.DATE: ("date",),
    T.DATETIME: ("datetime",),
    T.CHECKBOX: ("boolean",),
    T.ADDRESS: ("string", "textarea"),
    T.TIME: ("time",),
    T.GEOLOCATION: ("location",),
}

# Describe types whose ``length`` bounds the characters a value may have.
TEXT_TARGET_TYPES = frozenset({"string", "textarea", "email", "phone", "url"})
# Describe types whose ``precision`` and ``scale`` (``digits`` for int) bound a number.
NUMBER_TARGET_TYPES = frozenset({"currency", "double", "percent", "int"})
# Compound fields (an address, a geolocation) are read through the API, never written.
COMPOUND_TARGET_TYPES = frozenset({"address", "location"})


class TargetField(Protocol):
    """The parts of a describe field (salesforce FieldDescribe) the rules read."""

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def length(self) -> int: ...
    @property
    def nillable(self) -> bool: ...
    @property
    def createable(self) -> bool: ...
    @property
    def updateable(self) -> bool: ...
    @property
    def defaulted_on_create(self) -> bool: ...
    @property
    def picklist_values(self) -> Sequence[str]: ...
    @property
    def precision(self) -> int: ...
    @property
    def scale(self) -> int: ...
    @property
    def digits(self) -> int: ...
    @property
    def calculated(self) -> bool: ...
    @property
    def auto_number(self) -> bool: ...


@dataclass(frozen=True)
class CatalogueField:
    """One vendor field as Partner Connect sees it."""

    name: str
    label: str
    sf_type: SalesforceType
    max_length: int | None
    choices: tuple[str, ...]
    required: bool
    is_integer: bool
    reason: str | None
    # Digits before the decimal point a value may have (declared decimals only), or None.
    integer_digits: int | None = None

    @property
    def supported(self) -> bool:
        return self.reason is None

    @property
    def is_picklist(self) -> bool:
        return self.sf_type == T.PICKLIST

    def allowed_types(self) -> tuple[str, ...]:
        """The describe types this field may be mapped onto."""
        allowed = COMPATIBLE_TYPES.get(self.sf_type, ())
        if self.sf_type == T.NUMBER and not self.is_integer:
            return tuple(t for t in allowed if t != "int")
        return allowed


def _catalogue_field(
    model: type[models.Model], name: str, sf_type: SalesforceType
) -> CatalogueField:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    choices = tuple(str(value) for value, _ in field.flatchoices) if field.choices else ()
    return CatalogueField(
        name=name,
        label=str(capfirst(field.verbose_name)),
        sf_type=sf_type,
        max_length=field.max_length,
        choices=choices,
        required=not (field.blank or field.null),
        is_integer=isinstance(field, models.IntegerField),
        reason=unsupported_reason(sf_type),
        integer_digits=_integer_digits(field),
    )


def _integer_digits(field: models.Field[Any, Any]) -> int | None:
    if isinstance(field, models.DecimalField) and field.max_digits is not None:
        return int(field.max_digits) - int(field.decimal_places or 0)
    return None


def _target_integer_digits(target: TargetField) -> int:
    """Digits before the decimal point the target holds (0 when describe does not say)."""
    if target.type == "int":
        return target.digits
    return max(target.precision - target.scale, 0) if target.precision else 0


@cache
def field_catalogue(object_type: str) -> tuple[CatalogueField, ...]:
    """Every typed field of the object's model, supported or not, in declaration order."""
    model = sync_kind(ObjectType(object_type)).model
    return tuple(
        _catalogue_field(model, name, sf_type)
        for name, sf_type in model.salesforce_types.items()  # type: ignore[attr-defined]
    )


def catalogue_by_name(object_type: str) -> dict[str, CatalogueField]:
    """The object's catalogue keyed by field name."""
    return {field.name: field for field in field_catalogue(object_type)}


def target_problem(field: CatalogueField, target: TargetField, *, update: bool) -> str | None:
    """Why ``field`` cannot be mapped onto ``target``, or None when it can."""
    return _type_problem(field, target) or _write_problem(field, target, update=update)


def _type_problem(field: CatalogueField, target: TargetField) -> str | None:
    """Whether the target's type and size hold every value of the vendor field."""
    allowed = field.allowed_types()
    if target.type not in allowed:
        return (
            f"{field.label} is a {field.sf_type} field and cannot go into {target.name} "
            f"({target.type}); choose a field of type {' or '.join(allowed)}."
        )
    if target.type in TEXT_TARGET_TYPES and target.length:
        if field.max_length is None:
            return f"{field.label} has no length limit but {target.name} holds {target.length}."
        if field.max_length > target.length:
            return (
                f"{field.label} holds up to {field.max_length} characters but {target.name} "
                f"holds only {target.length}; choose a longer field or lengthen it."
            )
    digits = _target_integer_digits(target) if target.type in NUMBER_TARGET_TYPES else 0
    if field.integer_digits is not None and 0 < digits < field.integer_digits:
        return (
            f"{field.label} has up to {field.integer_digits} digits before the decimal point but "
            f"{target.name} holds only {digits}; choose a larger number field."
        )
    return None


def _write_problem(field: CatalogueField, target: TargetField, *, update: bool) -> str | None:
    """Whether the integration user may both create and update the target.

    Every export is an upsert, so a re-export updates the record: a field that may be set on
    create only would fail the second time.
    """
    if target.calculated or target.auto_number or target.type in COMPOUND_TARGET_TYPES:
        return f"{target.name} is set by Salesforce and cannot be written."
    if not target.createable:
        return f"{target.name} cannot be written by the integration user (it is not createable)."
    if update and not target.updateable:
        return (
            f"{field.label} is an update field but {target.name} is not updateable; "
            "choose an updateable field."
        )
    if not target.updateable:
        return (
            f"{target.name} can be set only when a record is created, but a re-export updates "
            "the record; choose an updateable field."
        )
    return None


def compatible_targets(
    field: CatalogueField, targets: Sequence[TargetField], *, update: bool
) -> list[TargetField]:
    """The org fields ``field`` may be mapped onto, by label."""
    fits = [t for t in targets if target_problem(field, t, update=update) is None]
    return sorted(fits, key=lambda t: (t.label.lower(), t.name))


def required_targets(targets: Sequence[TargetField]) -> list[TargetField]:
    """Org fields a create must fill: createable, not nillable and without a default."""
    return [t for t in targets if t.createable and not t.nillable and not t.defaulted_on_create]


def connected_field_name(target_field: str) -> str:
    """The field of the Connected External object that holds the peer's ``target_field`` value.

    Custom objects only have custom fields, so a standard target such as ``Status`` is held in
    ``Status__c``; a custom target keeps its name.
    """
    return target_field if target_field.endswith("__c") else f"{target_field}__c"
