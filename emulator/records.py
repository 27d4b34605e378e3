"""Record writes and reads of an emulated org, each stamped and checked against the schema."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator.derived import derived_apply
from emulator.schema import ObjectSpec
from emulator.state import Org
from emulator.validation import (
    RequestError,
    fields_canonical,
    record_error,
    required_missing,
    values_clean,
)

ROLLED_BACK = record_error(
    "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    "Record rolled back because not all records were valid and the request was using "
    "AllOrNone header",
)


@dataclass
class WriteResult:
    """What one record write did: its id, whether it was created, or why it failed."""

    record_id: str | None = None
    created: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        """Whether the write landed."""
        return not self.errors

    def as_json(self, *, with_created: bool) -> dict[str, Any]:
        """Return the SaveResult / UpsertResult entry of a collections response."""
        if not self.success:
            return {"success": False, "errors": self.errors}
        result: dict[str, Any] = {"id": self.record_id, "success": True, "errors": []}
        if with_created:
            result["created"] = self.created
        return result


def object_get(org: Org, name: str) -> ObjectSpec:
    """Return an object's spec, its name matched in any letter case, or answer NOT_FOUND as a
    REST path to an unknown object does."""
    obj = org.schema.get(name)
    if obj is None:
        folded = name.casefold()
        obj = next((spec for key, spec in org.schema.items() if key.casefold() == folded), None)
    if obj is None:
        raise RequestError(404, "NOT_FOUND", "The requested resource does not exist")
    return obj


def _live(org: Org, sobject: str, record_id: str) -> dict[str, Any] | None:
    record = org.table(sobject).get(record_id)
    return None if record is None or record.get("IsDeleted") else record


def record_insert(
    org: Org, sobject: str, values: Mapping[str, Any], *, user_id: str
) -> WriteResult:
    """Create one record; the request fails first if a field does not exist."""
    obj = object_get(org, sobject)
    sobject = obj.name
    cleaned, errors = values_clean(org, obj, fields_canonical(obj, values), creating=True)
    if errors:
        return WriteResult(errors=errors)
    record_id = org.new_id(sobject)
    record = _defaults(obj, record_id, user_id) | cleaned
    error = required_missing(obj, record, None) or _conflict(org, sobject, record, None)
    if error:
        return WriteResult(errors=[error])
    derived_apply(obj, record, cleaned)
    _stamp(org, record, user_id, created=True)
    org.table(sobject)[record_id] = record
    _reindex(org, sobject, record_id, {}, record)
    return WriteResult(record_id=record_id, created=True)


def record_update(
    org: Org, sobject: str, record_id: str, values: Mapping[str, Any], *, user_id: str
) -> WriteResult:
    """Change one live record; unknown ids fail as Salesforce reports them."""
    obj = object_get(org, sobject)
    sobject = obj.name
    values = fields_canonical(obj, values)
    current = org.table(sobject).get(record_id)
    if current is None:
        return WriteResult(errors=[record_error("INVALID_CROSS_REFERENCE_KEY", "invalid id")])
    if current.get("IsDeleted"):
        return WriteResult(errors=[record_error("ENTITY_IS_DELETED", "entity is deleted")])
    cleaned, errors = values_clean(org, obj, values, creating=False)
    if errors:
        return WriteResult(errors=errors)
    merged = current | cleaned
    error = required_missing(obj, merged, cleaned) or _conflict(org, sobject, merged, record_id)
    if error:
        return WriteResult(errors=[error])
    before = dict(current)
    current.update(cleaned)
    derived_apply(obj, current, cleaned)
    _stamp(org, current, user_id, created=False)
    _reindex(org, sobject, record_id, before, current)
    return WriteResult(record_id=record_id, created=False)


def record_upsert(
    org: Org,
    sobject: str,
    ext_field: str,
    ext_value: Any,
    values: Mapping[str, Any],
    *,
    user_id: str,
) -> WriteResult:
    """Update the record whose external id matches, or create it with that external id."""
    obj = object_get(org, sobject)
    values = fields_canonical(obj, values)
    ext_field = external_id_field_check(org, obj.name, ext_field)
    if ext_value in (None, ""):
        return WriteResult(errors=[record_error("MISSING_ARGUMENT", f"{ext_field} not specified")])
    body = {name: value for name, value in values.items() if name != ext_field}
    existing = record_find_by_external_id(org, obj.name, ext_field, str(ext_value))
    if existing is not None:
        return record_update(org, obj.name, existing, body, user_id=user_id)
    return record_insert(org, obj.name, {**body, ext_field: ext_value}, user_id=user_id)


def record_delete(org: Org, sobject: str, record_id: str, *, user_id: str) -> bool:
    """Move a record to the recycle bin (IsDeleted); False when it was not live."""
    record = _live(org, sobject, record_id)
    if record is None:
        return False
    before = dict(record)
    record["IsDeleted"] = True
    _stamp(org, record, user_id, created=False)
    _reindex(org, sobject, record_id, before, record)
    return True


def record_find_by_external_id(org: Org, sobject: str, ext_field: str, value: str) -> str | None:
    """Return the id of the live record whose external id matches, case-insensitively."""
    return _index(org, sobject, ext_field).get(value.casefold())


def _index(org: Org, sobject: str, ext_field: str) -> dict[str, str]:
    """Return (building it once) the live records' id by casefolded value of a field."""
    per_object = org.indexes.setdefault(sobject, {})
    index = per_object.get(ext_field)
    if index is None:
        index = {
            str(record[ext_field]).casefold(): record_id
            for record_id, record in org.table(sobject).items()
            if record.get(ext_field) not in (None, "") and not record["IsDeleted"]
        }
        per_object[ext_field] = index
    return index


def _reindex(
    org: Org, sobject: str, record_id: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> None:
    """Keep the built indexes in step with one record's change."""
    for ext_field, index in org.indexes.get(sobject, {}).items():
        old = before.get(ext_field)
        if old not in (None, "") and index.get(str(old).casefold()) == record_id:
            del index[str(old).casefold()]
        new = after.get(ext_field)
        if new not in (None, "") and not after["IsDeleted"]:
            index.setdefault(str(new).casefold(), record_id)


def external_id_field_check(org: Org, sobject: str, ext_field: str) -> str:
    """Return the API name of an upsert's external-id field (matched in any letter case);
    refuse one that is missing or not an external id."""
    obj = object_get(org, sobject)
    spec = obj.field_named(ext_field)
    if spec is None:
        raise RequestError(
            404,
            "NOT_FOUND",
            f"Provided external ID field does not exist or is not accessible: {ext_field}",
        )
    if not spec.external_id and spec.name != "Id":
        raise RequestError(
            400,
            "INVALID_FIELD",
            f"Field name provided, {ext_field} is not an External ID or indexed field "
            f"for {obj.name}",
        )
    return spec.name


def records_write_all(
    org: Org,
    sobjects: Collection[str],
    writes: Sequence[Callable[[], WriteResult]],
    *,
    all_or_none: bool,
) -> list[WriteResult]:
    """Run writes in order; with all_or_none, one failure rolls every record back."""
    snapshots = {
        sobject: {key: dict(value) for key, value in org.table(sobject).items()}
        for sobject in (sobjects if all_or_none else ())
    }
    results = [write() for write in writes]
    if not all_or_none or all(result.success for result in results):
        return results
    for sobject, snapshot in snapshots.items():
        org.records[sobject] = snapshot
        org.indexes.pop(sobject, None)
    return [
        result if not result.success else WriteResult(errors=[ROLLED_BACK]) for result in results
    ]


def record_view(
    sobject: str, record: Mapping[str, Any], fields: Sequence[str], api_version: str
) -> dict[str, Any]:
    """Return a record as the REST API does: attributes first, then the asked fields."""
    view: dict[str, Any] = {
        "attributes": {
            "type": sobject,
            "url": f"/services/data/v{api_version}/sobjects/{sobject}/{record['Id']}",
        }
    }
    for name in fields:
        view[name] = record.get(name)
    return view


def _defaults(obj: ObjectSpec, record_id: str, user_id: str) -> dict[str, Any]:
    """Values the platform fills on create: defaults, owner, a custom object's Name."""
    record: dict[str, Any] = {"Id": record_id, "IsDeleted": False}
    for spec in obj.fields.values():
        if spec.default_value is not None:
            record[spec.name] = spec.default_value
        elif spec.type == "boolean":
            record[spec.name] = False
    if "OwnerId" in obj.fields:
        record["OwnerId"] = user_id
    if obj.custom and "Name" in obj.fields:
        record["Name"] = record_id
    return record


def _stamp(org: Org, record: dict[str, Any], user_id: str, *, created: bool) -> None:
    """Set the audit fields every write touches."""
    moment = org.stamp()
    if created:
        record["CreatedDate"] = moment
        record["CreatedById"] = user_id
    record["LastModifiedDate"] = moment
    record["LastModifiedById"] = user_id
    record["SystemModstamp"] = moment


def _conflict(
    org: Org, sobject: str, record: Mapping[str, Any], own_id: str | None
) -> dict[str, Any] | None:
    """Return DUPLICATE_VALUE for a taken unique value, or DUPLICATES_DETECTED for a rule match."""
    obj = org.schema[sobject]
    for spec in obj.fields.values():
        value = record.get(spec.name)
        if spec.unique and value not in (None, ""):
            other = record_find_by_external_id(org, sobject, spec.name, str(value))
            if other is not None and other != own_id:
                return record_error(
                    "DUPLICATE_VALUE",
                    f"duplicate value found: {spec.name} duplicates value on record with id: "
                    f"{other}",
                    [spec.name],
                )
    rule = org.faults["duplicate_rules"].get(sobject)
    return _duplicate_rule_match(org, sobject, record, own_id, rule) if rule else None


def _duplicate_rule_match(
    org: Org, sobject: str, record: Mapping[str, Any], own_id: str | None, fields: list[str]
) -> dict[str, Any] | None:
    """Apply an exact-match duplicate rule on the given fields, as a blocking rule would."""
    key = [str(record.get(name) or "").casefold() for name in fields]
    if not all(key):
        return None
    matches = [
        other_id
        for other_id, other in org.table(sobject).items()
        if other_id != own_id
        and not other["IsDeleted"]
        and [str(other.get(name) or "").casefold() for name in fields] == key
    ]
    if not matches:
        return None
    error = record_error("DUPLICATES_DETECTED", "Use one of these records?")
    error["duplicateResult"] = {
        "allowSave": False,
        "duplicateRule": f"Standard_{sobject}_Duplicate_Rule",
        "duplicateRuleEntityType": sobject,
        "errorMessage": "Use one of these records?",
        "matchResults": [
            {
                "entityType": sobject,
                "matchEngine": "ExactMatchEngine",
                "rule": f"Standard_{sobject}_Match_Rule_v1_0",
                "size": len(matches),
                "success": True,
                "matchRecords": [
                    {"matchConfidence": 100.0, "record": {"attributes": {"type": sobject}, "Id": m}}
                    for m in matches
                ],
            }
        ],
    }
    return error
