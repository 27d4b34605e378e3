"""Field and object definitions as describe reports them, and the builders of each field type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any

TEXT_TYPES = frozenset({"string", "textarea", "email", "phone", "url", "picklist"})
NUMBER_TYPES = frozenset({"currency", "double", "percent", "int"})
# Compound fields: read-only in the API, each made of component fields naming it.
COMPOUND_TYPES = frozenset({"address", "location"})
# Text areas longer than this can be neither filtered nor sorted in SOQL.
LONG_TEXT = 255
GEOCODE_ACCURACIES = (
    "Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip", "Neighborhood", "City",
    "County", "State", "Unknown",
)  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One field as describe reports it, plus what the emulator needs to enforce it."""

    name: str
    label: str
    type: str
    length: int = 0
    precision: int = 0
    scale: int = 0
    nillable: bool = True
    createable: bool = True
    updateable: bool = True
    external_id: bool = False
    unique: bool = False
    defaulted_on_create: bool = False
    default_value: str | None = None
    picklist_values: tuple[str, ...] = ()
    restricted_picklist: bool = False
    reference_to: tuple[str, ...] = ()
    custom: bool = False
    compound_field_name: str | None = None
    calculated: bool = False
    name_field: bool = False
    id_lookup: bool = False
    extra_type_info: str | None = None

    @property
    def filterable(self) -> bool:
        """Whether SOQL may filter on the field (a long text area may not)."""
        return not (self.type == "textarea" and self.length > LONG_TEXT)

    @property
    def sortable(self) -> bool:
        """Whether SOQL may ORDER BY the field (not long text areas, not compound fields)."""
        return self.filterable and self.type not in COMPOUND_TYPES

    @property
    def required_on_create(self) -> bool:
        """Whether a create must carry a value (describe: not nillable, not defaulted)."""
        return (
            not self.nillable
            and self.createable
            and not self.defaulted_on_create
            and self.type != "boolean"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSpec:
        """Rebuild a field from its JSON form (lists back to tuples)."""
        values = dict(data)
        for key in ("picklist_values", "reference_to"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


@dataclass(frozen=True)
class ObjectSpec:
    """One sObject: its name, key prefix and ordered fields."""

    name: str
    label: str
    key_prefix: str
    custom: bool = False
    createable: bool = True
    fields: dict[str, FieldSpec] = field(default_factory=dict)

    @cached_property
    def _by_folded_name(self) -> dict[str, FieldSpec]:
        return {name.casefold(): spec for name, spec in self.fields.items()}

    def field_named(self, name: str) -> FieldSpec | None:
        """The field of that API name in any letter case, as Salesforce matches names."""
        return self.fields.get(name) or self._by_folded_name.get(name.casefold())

    def components_of(self, compound: str) -> list[FieldSpec]:
        """The fields a compound field (Address, Name) is made of, in describe order."""
        return [spec for spec in self.fields.values() if spec.compound_field_name == compound]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form kept in the state file."""
        data = asdict(self)
        data["fields"] = [asdict(spec) for spec in self.fields.values()]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ObjectSpec:
        """Rebuild an object from its JSON form."""
        fields = {item["name"]: FieldSpec.from_dict(item) for item in data["fields"]}
        return cls(**{**data, "fields": fields})


def string_field(name: str, label: str, length: int = 255, **kw: Any) -> FieldSpec:
    """A Text field."""
    return FieldSpec(name, label, "string", length=length, **kw)


def text_field(kind: str, name: str, label: str, length: int, **kw: Any) -> FieldSpec:
    """A text-like field of another type: email, phone, url, textarea."""
    return FieldSpec(name, label, kind, length=length, **kw)


def number_field(
    kind: str, name: str, label: str, precision: int, scale: int, **kw: Any
) -> FieldSpec:
    """A currency, double, percent or int field."""
    return FieldSpec(name, label, kind, precision=precision, scale=scale, **kw)


def picklist_field(name: str, label: str, values: Sequence[str], **kw: Any) -> FieldSpec:
    """A single-select picklist."""
    return FieldSpec(name, label, "picklist", length=255, picklist_values=tuple(values), **kw)


def reference_field(name: str, label: str, targets: Sequence[str], **kw: Any) -> FieldSpec:
    """A lookup to one or more objects."""
    return FieldSpec(name, label, "reference", length=18, reference_to=tuple(targets), **kw)


def checkbox_field(name: str, label: str, **kw: Any) -> FieldSpec:
    """A boolean: never null, false unless set."""
    return FieldSpec(name, label, "boolean", nillable=False, defaulted_on_create=True, **kw)


def read_only(spec: FieldSpec) -> FieldSpec:
    """The same field, neither createable nor updateable."""
    return replace(spec, createable=False, updateable=False)


def address_fields(prefix: str, label: str) -> list[FieldSpec]:
    """An address's component fields and the read-only compound field they make up."""
    compound = f"{prefix}Address"
    head = f"{label} " if label else ""
    parts = [
        text_field("textarea", f"{prefix}Street", f"{head}Street", 255),
        string_field(f"{prefix}City", f"{head}City", 40),
        string_field(f"{prefix}State", f"{head}State/Province", 80),
        string_field(f"{prefix}PostalCode", f"{head}Zip/Postal Code", 20),
        string_field(f"{prefix}Country", f"{head}Country", 80),
        number_field("double", f"{prefix}Latitude", f"{head}Latitude", 18, 15),
        number_field("double", f"{prefix}Longitude", f"{head}Longitude", 18, 15),
        picklist_field(f"{prefix}GeocodeAccuracy", f"{head}Geocode Accuracy", GEOCODE_ACCURACIES),
    ]
    whole = read_only(FieldSpec(compound, f"{head}Address".strip(), "address"))
    return [replace(part, compound_field_name=compound) for part in parts] + [whole]
