"""The checks of Test connection, each with its result and the exact fix when it fails."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from salesforce import (
    FieldDescribe,
    ObjectDescribe,
    SalesforceAuthFailed,
    SalesforceClient,
    SalesforceError,
)
from sync.fields import connected_field_name
from sync.kinds import sync_kind
from sync.models import (
    DEFAULT_EXTERNAL_ID_FIELD,
    Connection,
    FieldMapping,
    ObjectMapping,
    ObjectType,
)

OWNER_ID = re.compile(r"^(?:005|00G)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")

APP_FIX = (
    "Check the client id and secret of the External Client App (Setup > External Client App "
    "Manager > your app > Settings > OAuth Settings > Consumer Key and Secret), that the "
    "Client Credentials Flow is enabled with a run-as integration user, and enter them again."
)


@dataclass(frozen=True)
class TestCheck:
    """One line of the report: what was checked, whether it passed, and how to fix it."""

    __test__ = False  # Not a pytest class, whatever its name.

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class TestReport:
    """The result of Test connection."""

    __test__ = False

    checks: list[TestCheck] = field(default_factory=list)
    integration_user_id: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, name: str, ok: bool, detail: str, fix: str = "") -> bool:
        self.checks.append(TestCheck(name, ok, detail, "" if ok else fix))
        return ok

    def as_json(self) -> list[dict[str, Any]]:
        return [asdict(check) for check in self.checks]

    @classmethod
    def from_json(cls, data: Any) -> TestReport:
        """The report stored in ``Connection.last_test_result``."""
        rows = data if isinstance(data, list) else []
        return cls([TestCheck(**row) for row in rows if isinstance(row, dict)])


def type_label(target: FieldDescribe) -> str:
    """The Setup name of a describe field's type, as a person creates it: Text(40) etc."""
    digits = max((target.precision or 18) - (target.scale or 0), 1)
    labels = {
        "string": f"Text({target.length})",
        "textarea": f"Text Area({target.length})",
        "email": "Email",
        "phone": "Phone",
        "url": "URL",
        "picklist": "Picklist",
        "currency": f"Currency({digits}, {target.scale or 0})",
        "double": f"Number({digits}, {target.scale or 0})",
        "int": f"Number({digits}, 0)",
        "percent": f"Percent({digits}, {target.scale or 0})",
        "date": "Date",
        "datetime": "Date/Time",
        "boolean": "Checkbox",
        "time": "Time",
        "location": "Geolocation",
    }
    return labels.get(target.type, target.type)


def external_id_fix(obj: str, name: str, found: FieldDescribe | None) -> tuple[str, str]:
    """What is wrong with an external-ID field and the fix, or ('', '') when it is right."""
    create = f"Create a Text(40) field {name} on {obj}, marked External ID and Unique"
    if found is None:
        return f"{obj} has no field {name} (or the integration user cannot see it).", create
    if found.type != "string":
        return f"{obj}.{name} is {type_label(found)}, not Text.", f"Delete it, then c{create[1:]}"
    flags = (("External ID", found.external_id), ("Unique", found.unique))
    missing = [box for box, ticked in flags if not ticked]
    if missing:
        ticks = " and ".join(f'"{box}"' for box in missing)
        return (
            f"{obj}.{name} exists but is not marked {' and '.join(missing)}.",
            f"In Setup > Object Manager > {obj} > Fields & Relationships, edit {name} and "
            f"tick {ticks}",
        )
    if not (found.createable and found.updateable):
        return (
            f"The integration user cannot edit {obj}.{name}.",
            f"Give the integration user edit access to {obj}.{name} (field-level security)",
        )
    return "", ""


def _check_external_id(report: TestReport, obj: str, describe: ObjectDescribe, name: str) -> None:
    problem, fix = external_id_fix(obj, name, describe.field_named(name))
    detail = problem or f"{obj}.{name} is a unique External ID text field."
    report.add(f"External ID field on {obj}", not problem, detail, fix)


def _lookup_to(describe: ObjectDescribe, obj: str) -> FieldDescribe | None:
    for candidate in describe.fields.values():
        if candidate.type == "reference" and obj in (candidate.reference_to or ()):
            return candidate
    return None


def _connected_fixes(
    obj: str, connected: ObjectDescribe, mapping: ObjectMapping, source: ObjectDescribe
) -> list[str]:
    """What the connected-external object lacks, each as the step that adds it."""
    name, ext = mapping.connected_object, mapping.external_id_field
    fixes = []
    if _lookup_to(connected, obj) is None:
        fixes.append(f"Create a Lookup({obj}) field {obj}__c on {name}")
    problem, fix = external_id_fix(name, ext, connected.field_named(ext))
    if problem:
        fixes.append(fix)
    for target in _update_targets(mapping):
        if connected.field_named(connected_field_name(target)) is None:
            fixes.append(f"Create {_field_to_create(source, target)} on {name}")
    return fixes


def _field_to_create(source: ObjectDescribe, target: str) -> str:
    """'a Picklist field Status__c (with the values of Lead.Status)' and the like."""
    found = source.field_named(target)
    kind = type_label(found) if found is not None else "matching"
    values = f" (with the values of {source.name}.{target})" if kind == "Picklist" else ""
    return f"a {kind} field {connected_field_name(target)}{values}"


def _update_targets(mapping: ObjectMapping) -> list[str]:
    """The partner fields the update fields are mapped onto (the connected record holds them)."""
    if mapping.pk is None:
        return []
    rows = FieldMapping.objects.filter(object_mapping=mapping, send_updates=True, accepted=True)
    return sorted(set(rows.exclude(target_field="").values_list("target_field", flat=True)))


def _check_connected(
    report: TestReport, client: SalesforceClient, mapping: ObjectMapping, source: ObjectDescribe
) -> None:
    obj, name = mapping.object_type, mapping.connected_object
    check = f"Connected External {obj} object"
    try:
        connected = client.describe(name)
    except SalesforceError:
        parts = [
            f"a Lookup({obj}) field {obj}__c",
            f"a Text(40) field {mapping.external_id_field} marked External ID and Unique",
            *(_field_to_create(source, t) for t in _update_targets(mapping)),
        ]
        label = name.removesuffix("__c").replace("_", " ")
        fix = f"Create a custom object {label} (API name {name}) with {_join(parts)}"
        report.add(check, False, f"The org has no object {name}.", fix)
        return
    fixes = _connected_fixes(obj, connected, mapping, source)
    if fixes:
        report.add(check, False, f"{name} lacks what updates need.", "; ".join(fixes))
    else:
        report.add(check, True, f"{name} has the lookup, the external ID and the update fields.")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def owner_kinds(describe: ObjectDescribe) -> tuple[str, ...]:
    """What may own the object's records in the org, by its describe: users, and queues?"""
    owner = describe.fields.get("OwnerId")
    targets = owner.reference_to if owner is not None else ["User"]
    return tuple(t for t in ("User", "Group") if t in targets) or ("User",)


def owner_id_problem(object_type: str, owner_id: str, describe: ObjectDescribe) -> str | None:
    """Why ``owner_id`` cannot own the object's records (a queue owns no opportunity), or None."""
    kinds = owner_kinds(describe)
    wanted = "a user (005...) or a queue (00G...)" if "Group" in kinds else "a user (005...)"
    if not OWNER_ID.match(owner_id):
        return (
            f"Enter the 15- or 18-character id of {wanted} that will own imported "
            f"{object_type} records."
        )
    if owner_id.startswith("00G") and "Group" not in kinds:
        return (
            f"{owner_id} is a queue, and Salesforce lets only users own {object_type} records. "
            "Enter the id of an active user (005...)."
        )
    return None


def _check_owner(
    report: TestReport, client: SalesforceClient, mapping: ObjectMapping, source: ObjectDescribe
) -> None:
    owner = mapping.default_owner_id
    check = f"Default owner of imported {mapping.object_type} records"
    if not owner:
        report.add(check, True, "Not set yet; choose it on the mapping page.")
        return
    problem = owner_id_problem(mapping.object_type, owner, source)
    if problem:
        report.add(
            check, False, problem, "Save a user's id as the default owner on the mapping page."
        )
        return
    try:
        found = owner_lookup(client, owner)
    except SalesforceError as error:
        found, detail = None, f"Could not look up {owner}: {error.message}"
    else:
        detail = f"No active {'queue' if owner.startswith('00G') else 'user'} has the id {owner}."
    if found:
        owner_name_store(mapping, found.name)
        report.add(check, True, f"{found.kind.capitalize()} {found.name} ({owner}) exists.")
    else:
        fix = (
            "Copy the 18-character id of an active user (005...) or a queue (00G...) that "
            f"accepts {mapping.object_type} records, and save it on the mapping page."
        )
        report.add(check, False, detail, fix)


@dataclass(frozen=True)
class Owner:
    """An active user or a queue of the partner org that can own imported records."""

    kind: str  # "user" or "queue"
    name: str


def owner_lookup(client: SalesforceClient, owner_id: str) -> Owner | None:
    """The active user or queue with this id in the partner org, or None.

    ``owner_id`` must already match OWNER_ID (it is quoted into the query).
    """
    queue = owner_id.startswith("00G")
    sobject = "Group" if queue else "User"
    where = "Type = 'Queue'" if queue else "IsActive = true"
    soql = f"SELECT Id, Name FROM {sobject} WHERE Id = '{owner_id}' AND {where}"  # noqa: S608
    found = client.query(soql)
    if not found:
        return None
    return Owner("queue" if queue else "user", str(found[0].get("Name") or owner_id))


def owner_name_store(mapping: ObjectMapping, name: str) -> None:
    """Keep the default owner's name the org gave, for pages that would show only its id."""
    if mapping.pk is None or mapping.default_owner_name == name:
        return
    mapping.default_owner_name = name
    ObjectMapping.objects.filter(pk=mapping.pk, default_owner_id=mapping.default_owner_id).update(
        default_owner_name=name
    )


def _objects_to_check(connection: Connection) -> list[ObjectMapping]:
    """The mappings in use; without any, both objects with the default names."""
    mappings = list(ObjectMapping.objects.filter(connection=connection).order_by("object_type"))
    if mappings:
        return mappings
    return [
        ObjectMapping(
            connection=connection,
            object_type=t,
            external_id_field=DEFAULT_EXTERNAL_ID_FIELD,
            connected_object=sync_kind(t).connected_object,
        )
        for t in ObjectType
    ]


def _check_token(report: TestReport, client: SalesforceClient, connection: Connection) -> bool:
    try:
        identity = client.identity()
    except SalesforceAuthFailed as error:
        return report.add(
            "Token", False, f"The org refused the credentials: {error.message}", APP_FIX
        )
    except SalesforceError as error:
        fix = (
            f"Check the My Domain ({connection.my_domain}) in Setup > My Domain and that the "
            "org is reachable from the vendor's servers, then test again."
        )
        return report.add("Token", False, f"Could not reach the org: {error.message}", fix)
    report.integration_user_id = identity.user_id
    detail = f"Logged in as the integration user {identity.user_id} (org {identity.org_id})."
    return report.add("Token", True, detail)


def _describe_all(report: TestReport, client: SalesforceClient) -> Mapping[str, ObjectDescribe]:
    found = {}
    for obj in ObjectType:
        try:
            found[obj.value] = client.describe(obj.value)
        except SalesforceError as error:
            fix = f"Give the integration user read and create access to {obj} (permission set)."
            report.add(f"Describe {obj}", False, f"Could not describe {obj}: {error.message}", fix)
        else:
            report.add(f"Describe {obj}", True, f"{len(found[obj.value].fields)} fields readable.")
    return found


def checks_run(client: SalesforceClient, connection: Connection) -> TestReport:
    """Token, describes, external-ID fields, connected objects and default owners."""
    report = TestReport()
    if not _check_token(report, client, connection):
        return report
    describes = _describe_all(report, client)
    for mapping in _objects_to_check(connection):
        source = describes.get(mapping.object_type)
        if source is None:
            continue
        _check_external_id(report, mapping.object_type, source, mapping.external_id_field)
        if mapping.connected_object:
            _check_connected(report, client, mapping, source)
        _check_owner(report, client, mapping, source)
    return report
