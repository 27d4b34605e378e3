"""The rules a mapping must follow: the vendor's selection and the partner's mapping.

Pure checks against the catalogue and an org's describe; each returns its problems keyed by
vendor field name or form field (``""`` for the mapping as a whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from salesforce import ObjectDescribe
from sync.fields import CatalogueField, catalogue_by_name, required_targets, target_problem
from sync.kinds import sync_kind
from sync.models import (
    MAX_UPDATE_FIELDS,
    FieldMapping,
    ObjectMapping,
)
from sync.services.connections.checks import external_id_fix, owner_id_problem

CUSTOM_OBJECT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*__c$")
WHOLE = ""  # problems key of the mapping as a whole


@dataclass(frozen=True)
class PartnerChoice:
    """The partner's decision for one exported vendor field."""

    field_name: str
    accepted: bool
    target_field: str = ""
    picklist_map: dict[str, str] = field(default_factory=dict)
    picklist_default: str = ""

    @classmethod
    def parse(cls, row: Mapping[str, Any]) -> PartnerChoice:
        accepted = bool(row.get("accepted"))
        raw_map = row.get("picklist_map") or {}
        return cls(
            field_name=str(row.get("field_name", "")),
            accepted=accepted,
            target_field=str(row.get("target_field") or "").strip() if accepted else "",
            picklist_map={str(k): str(v) for k, v in dict(raw_map).items() if v}
            if accepted
            else {},
            picklist_default=str(row.get("picklist_default") or "") if accepted else "",
        )


def api_name(describe: ObjectDescribe, name: str) -> str:
    """The org's spelling of a field name typed in any letter case (unknown names unchanged),
    so what is stored and sent is what describe calls the field."""
    found = describe.field_named(name) if name else None
    return found.name if found is not None else name


def choices_in_api_names(
    choices: Mapping[str, PartnerChoice], describe: ObjectDescribe
) -> dict[str, PartnerChoice]:
    """The choices with each target under the org's spelling of its name."""
    return {
        name: replace(choice, target_field=api_name(describe, choice.target_field))
        for name, choice in choices.items()
    }


def vendor_problems(
    object_type: str, exported: Sequence[str], updates: Sequence[str]
) -> dict[str, str]:
    """Why the vendor's selection is refused, per field (empty when it is valid)."""
    catalogue = catalogue_by_name(object_type)
    problems: dict[str, str] = {}
    if not exported:
        problems[WHOLE] = f"Select at least one {object_type} field to export."
    for name in dict.fromkeys([*exported, *updates]):
        known = catalogue.get(name)
        if known is None:
            problems[name] = f"{name} is not a field of {object_type}."
        elif not known.supported:
            problems[name] = f"{known.label}: {known.reason}"
        elif name not in exported:
            problems[name] = f"{known.label} is an update field, so it must be exported too."
    if len(set(updates)) > MAX_UPDATE_FIELDS:
        problems["update_fields"] = (
            f"At most {MAX_UPDATE_FIELDS} update fields per object; {len(set(updates))} are "
            "selected."
        )
    return problems


def _choice_problems(
    choice: PartnerChoice, known: CatalogueField, describe: ObjectDescribe, update: bool
) -> str | None:
    """Why one accepted field cannot be mapped as chosen, or None."""
    target = describe.fields.get(choice.target_field)
    if not choice.target_field:
        return f"Choose the field of your org that receives {known.label}."
    if target is None:
        return f"{choice.target_field} is not a field of {describe.name} in your org."
    problem = target_problem(known, target, update=update)
    if problem or not (known.is_picklist and target.type == "picklist"):
        return problem
    values = set(target.picklist_values)
    wrong = [v for k, v in choice.picklist_map.items() if v not in values or k not in known.choices]
    if wrong:
        return f"{known.label}: {', '.join(sorted(set(wrong)))} is not a value of {target.name}."
    if not choice.picklist_map:
        return f"{known.label}: map its values onto values of {target.name}."
    if choice.picklist_default not in values:
        return f"{known.label}: choose a default value of {target.name} for values left unmapped."
    return None


def _fields_problems(
    object_type: str,
    vendor_rows: Iterable[FieldMapping],
    choices: Mapping[str, PartnerChoice],
    describe: ObjectDescribe,
    external_id_field: str,
) -> dict[str, str]:
    """Problems of the accepted fields: exported, mapped to distinct compatible targets."""
    catalogue = catalogue_by_name(object_type)
    updates = {row.field_name: row.send_updates for row in vendor_rows}
    problems: dict[str, str] = {}
    taken: dict[str, str] = {}
    for name, choice in choices.items():
        known = catalogue.get(name)
        if not choice.accepted:
            continue
        if name not in updates or known is None or not known.supported:
            problems[name] = f"{name} is not among the fields the vendor exports."
            continue
        problem = _choice_problems(choice, known, describe, updates[name])
        target = choice.target_field
        if problem is None and target == external_id_field:
            problem = f"{target} holds the vendor record id; choose another field."
        if problem is None and target in taken:
            problem = f"{target} already receives {taken[target]}; each field needs its own."
        if problem:
            problems[name] = problem
        taken.setdefault(target, known.label)
    return problems


def _settings_problems(
    object_type: str,
    default_owner_id: str,
    external_id_field: str,
    connected_object: str,
    describe: ObjectDescribe,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    owner_problem = owner_id_problem(object_type, default_owner_id, describe)
    if owner_problem:
        problems["default_owner_id"] = owner_problem
    problem, fix = external_id_fix(
        object_type, external_id_field, describe.fields.get(external_id_field)
    )
    if problem:
        problems["external_id_field"] = f"{problem} {fix}."
    if not CUSTOM_OBJECT.match(connected_object):
        problems["connected_object"] = (
            "Enter the API name of the Connected External object, a custom object ending in "
            f"__c (by default {sync_kind(object_type).connected_object})."
        )
    return problems


def _coverage_problem(
    describe: ObjectDescribe, choices: Mapping[str, PartnerChoice], external_id_field: str
) -> str | None:
    covered = {c.target_field for c in choices.values() if c.accepted} | {external_id_field}
    if not any(c.accepted for c in choices.values()):
        return "Accept at least one field."
    missing = sorted(
        t.name for t in required_targets(list(describe.fields.values())) if t.name not in covered
    )
    if missing:
        return (
            f"Your org requires {', '.join(missing)} on {describe.name}; map a vendor field to "
            f"{'each' if len(missing) > 1 else 'it'}, or give it a default value in your org."
        )
    return None


def partner_problems(
    mapping: ObjectMapping,
    choices: Mapping[str, PartnerChoice],
    describe: ObjectDescribe,
    *,
    default_owner_id: str,
    external_id_field: str,
    connected_object: str,
) -> dict[str, str]:
    """Every problem of the partner's mapping against the org's describe."""
    problems = _fields_problems(
        mapping.object_type, list(mapping.fields.all()), choices, describe, external_id_field
    )
    problems.update(
        _settings_problems(
            mapping.object_type, default_owner_id, external_id_field, connected_object, describe
        )
    )
    coverage = _coverage_problem(describe, choices, external_id_field)
    if coverage:
        problems[WHOLE] = coverage
    return problems


def stored_choices(mapping: ObjectMapping) -> dict[str, PartnerChoice]:
    """The partner's saved choices, as a fresh save would submit them."""
    return {
        row.field_name: PartnerChoice(
            row.field_name,
            row.accepted,
            row.target_field,
            dict(row.picklist_map or {}),
            row.picklist_default,
        )
        for row in mapping.fields.all()
    }
