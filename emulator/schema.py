"""The schema of an emulated org: the default every org starts from, and narrower ones.

An org may be created with a narrower schema (`schema_build`) to exercise setup errors: an
object left out does not exist, and a field left out answers INVALID_FIELD.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from emulator import sobjects
from emulator.fieldspec import (
    COMPOUND_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    FieldSpec,
    ObjectSpec,
)
from emulator.ids import KEY_PREFIXES

__all__ = [
    "ALWAYS_KEPT_FIELDS",
    "COMPOUND_TYPES",
    "ESSENTIAL_OBJECTS",
    "NUMBER_TYPES",
    "TEXT_TYPES",
    "FieldSpec",
    "ObjectSpec",
    "schema_build",
    "schema_default",
    "schema_without",
]


def _object(
    name: str, label: str, fields: list[FieldSpec], *, custom: bool = False, createable: bool = True
) -> ObjectSpec:
    ordered = {spec.name: spec for spec in [*sobjects.system_fields(), *fields]}
    return ObjectSpec(name, label, KEY_PREFIXES[name], custom, createable, ordered)


def schema_default() -> dict[str, ObjectSpec]:
    """Return the full default schema, keyed by object name."""
    objects = [
        _object("Lead", "Lead", sobjects.lead_fields()),
        _object("Opportunity", "Opportunity", sobjects.opportunity_fields()),
        _object("Account", "Account", sobjects.account_fields()),
        _object("Contact", "Contact", sobjects.contact_fields()),
        _object("User", "User", sobjects.user_fields(), createable=False),
        _object("Group", "Group", sobjects.group_fields(), createable=False),
        _object(
            "Connected_External_Lead__c",
            "Connected External Lead",
            sobjects.connected_lead_fields(),
            custom=True,
        ),
        _object(
            "Connected_External_Opportunity__c",
            "Connected External Opportunity",
            sobjects.connected_opportunity_fields(),
            custom=True,
        ),
    ]
    return {spec.name: spec for spec in objects}


# Objects an org cannot do without: owners and the running user live there.
ESSENTIAL_OBJECTS = ("User", "Group")
ALWAYS_KEPT_FIELDS = frozenset(spec.name for spec in sobjects.system_fields())


def schema_build(
    spec: Mapping[str, Sequence[str | Mapping[str, Any]] | None] | None,
) -> dict[str, ObjectSpec]:
    """Build an org schema from a narrowing spec.

    None means the full default. Otherwise only the named objects exist (User and Group always
    do); a value of None keeps every default field, a list keeps the system fields and the named
    default fields, and a dict in that list adds a custom field (FieldSpec keyword arguments).
    """
    default = schema_default()
    if spec is None:
        return default
    schema: dict[str, ObjectSpec] = {name: default[name] for name in ESSENTIAL_OBJECTS}
    for name, wanted in spec.items():
        if name not in default:
            raise ValueError(f"unknown object {name!r}; only default objects can be narrowed")
        schema[name] = default[name] if wanted is None else _narrowed(default[name], wanted)
    return schema


def _narrowed(obj: ObjectSpec, wanted: Sequence[str | Mapping[str, Any]]) -> ObjectSpec:
    """Keep the system fields and the wanted fields of an object, adding custom ones."""
    fields = {name: spec for name, spec in obj.fields.items() if name in ALWAYS_KEPT_FIELDS}
    for item in wanted:
        if isinstance(item, str):
            if item not in obj.fields:
                raise ValueError(f"{obj.name} has no default field {item!r}")
            fields[item] = obj.fields[item]
        else:
            added = FieldSpec.from_dict(item)
            fields[added.name] = added
    return replace(obj, fields=fields)


def schema_without(obj: str, *field_names: str) -> dict[str, list[str] | None]:
    """Spec for the default schema minus some fields of one object (or the object itself)."""
    default = schema_default()
    spec: dict[str, list[str] | None] = {name: None for name in default}
    if not field_names:
        del spec[obj]
        return spec
    spec[obj] = [
        name
        for name in default[obj].fields
        if name not in field_names and name not in ALWAYS_KEPT_FIELDS
    ]
    return spec
