"""Against a describe as full as a real org's, no mapping the product can produce ever writes
a read-only, create-only, calculated or compound field: the mapping page's pickers, the
standard (demo) mapping and the update pushes' connected fields, each payload sent twice to an
emulated org (a re-export updates the record)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from emulator.describe import object_describe
from emulator.schema import schema_default
from portal.fieldtypes import SalesforceType
from salesforce import FieldDescribe, ObjectDescribe
from sync.fields import (
    CatalogueField,
    catalogue_by_name,
    connected_field_name,
    field_catalogue,
    required_targets,
    target_problem,
)
from sync.forms import MappingForm
from sync.kinds import sync_kind
from sync.models import MAX_UPDATE_FIELDS, ObjectType
from sync.payloads import FieldPlan, payload_build
from sync.services.mappings.save import mapping_vendor_save
from sync.standard_fields import STANDARD_TARGETS, STANDARD_UPDATE_FIELDS
from tests.helpers.orgs import EmulatedOrg, describe_of
from tests.sync.emulator.client import sf_connect, upsert_many

pytestmark = pytest.mark.django_db

EXT = "Vendor_Record_Id__c"
T = SalesforceType
SYNCED = [kind.value for kind in ObjectType]
SAMPLES: dict[SalesforceType, Any] = {
    T.TEXT: "Sample",
    T.TEXT_AREA: "Sample text",
    T.ADDRESS: "1 Main Street",
    T.EMAIL: "someone@example.com",
    T.PHONE: "+1 555 0100",
    T.URL: "https://example.com",
    T.CURRENCY: Decimal("1250.50"),
    T.NUMBER: 42,
    T.PERCENT: 25,
    T.DATE: dt.date(2026, 6, 30),
    T.DATETIME: dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC),
    T.CHECKBOX: True,
    T.TIME: dt.time(9, 30),
}


def _raw_fields(sobject: str) -> dict[str, dict[str, Any]]:
    """The emulated org's describe of the object, as a real org answers it."""
    described = object_describe(schema_default()[sobject], "62.0")
    return {field["name"]: field for field in described["fields"]}


def _not_writable(names: list[str], sobject: str) -> list[str]:
    """The names a create or update of the object may not carry, by the org's describe."""
    raw = _raw_fields(sobject)
    return [
        name
        for name in names
        if name not in raw
        or not (raw[name]["createable"] and raw[name]["updateable"])
        or raw[name]["calculated"]
        or raw[name]["autoNumber"]
        or raw[name]["type"] in ("address", "location")
    ]


def _picker_offers(connection: Any, admin: Any, object_type: str) -> dict[str, set[str]]:
    """Every target the mapping page offers for each exportable field, as update field or not."""
    supported = [f.name for f in field_catalogue(object_type) if f.supported]
    describe = describe_of(object_type)
    offers: dict[str, set[str]] = {name: set() for name in supported}
    halves = [supported[:MAX_UPDATE_FIELDS], supported[MAX_UPDATE_FIELDS:]]
    for updates in [*halves, []]:
        mapping = mapping_vendor_save(
            actor=admin,
            connection=connection,
            object_type=object_type,
            exported=supported,
            update_fields=updates,
        )
        form = MappingForm(mapping=mapping, describe=describe)
        for name in supported:
            picker: Any = form.fields[f"target_{name}"]  # a ChoiceField
            offers[name] |= {str(value) for value, _ in picker.choices if value}
    return offers


def _plan(known: CatalogueField, target: FieldDescribe) -> FieldPlan:
    values = list(target.picklist_values) if target.type == "picklist" else []
    return FieldPlan(
        name=known.name,
        target=target.name,
        sf_type=known.sf_type,
        picklist_map={choice: values[0] for choice in known.choices} if values else {},
        picklist_default=values[0] if values else "",
    )


def _sample_row(object_type: str, record_id: int) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record_id}
    for known in field_catalogue(object_type):
        row[known.name] = known.choices[0] if known.choices else SAMPLES.get(known.sf_type)
    return row


def _bodies(object_type: str, offers: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Payloads covering every offered target at least once; each target receives one field."""
    describe = describe_of(object_type)
    catalogue = catalogue_by_name(object_type)
    ordered = {name: sorted(targets) for name, targets in offers.items() if targets}
    rounds = max(len(targets) for targets in ordered.values())
    bodies = []
    for turn in range(rounds):
        plans: dict[str, FieldPlan] = {}
        for name, targets in ordered.items():
            target = targets[turn % len(targets)]
            if target not in plans:
                plans[target] = _plan(catalogue[name], describe.fields[target])
        row = _sample_row(object_type, 1000 + turn)
        payload = payload_build(row, list(plans.values()), external_id_field=EXT, owner_id="")
        assert not payload.error, payload.error
        bodies.append(payload.body)
    return bodies


def _with_required(body: dict[str, Any], describe: ObjectDescribe) -> dict[str, Any]:
    """What the mapping page demands anyway: a value for each field the org requires."""
    filler = {"date": "2026-06-30", "picklist": None}
    required = {}
    for target in required_targets(list(describe.fields.values())):
        if target.name not in body:
            value = filler.get(target.type, "Required")
            required[target.name] = value or target.picklist_values[0]
    return {**body, **required}


def _sent_twice(sf: Any, sobject: str, bodies: list[dict[str, Any]]) -> list[Any]:
    """Upsert the bodies (create), then again (update); return every failed result."""
    describe = describe_of(sobject)
    records = [
        {"attributes": {"type": sobject}, **_with_required(body, describe)} for body in bodies
    ]
    failures = []
    for _ in range(2):
        results = upsert_many(sf, records, sobject=sobject)
        failures += [result for result in results if not result["success"]]
    return failures


@pytest.mark.parametrize("object_type", SYNCED)
def test_the_mapping_page_never_offers_a_field_the_integration_cannot_write(
    connection, vendor_admin, object_type
):
    offers = _picker_offers(connection, vendor_admin, object_type)

    offered = sorted(set().union(*offers.values()))
    assert offered, "the mapping page offered no target at all"
    assert _not_writable(offered, object_type) == []
    for never in ("Name", "Address", "ExpectedRevenue", "IsConverted", "IsClosed", "Fiscal"):
        if never in _raw_fields(object_type) and not _raw_fields(object_type)[never]["updateable"]:
            assert never not in offered


@pytest.mark.parametrize("object_type", SYNCED)
def test_payloads_of_every_offered_mapping_are_accepted_on_create_and_on_re_export(
    connection, vendor_admin, emulated_org: EmulatedOrg, object_type
):
    bodies = _bodies(object_type, _picker_offers(connection, vendor_admin, object_type))

    written = sorted({name for body in bodies for name in body})
    assert _not_writable([n for n in written if n != EXT], object_type) == []
    assert _sent_twice(sf_connect(emulated_org), object_type, bodies) == []


@pytest.mark.parametrize("object_type", SYNCED)
def test_the_standard_mapping_the_demo_saves_writes_only_writable_fields(
    emulated_org: EmulatedOrg, object_type
):
    describe = describe_of(object_type)
    catalogue = catalogue_by_name(object_type)
    targets = STANDARD_TARGETS[object_type]
    updates = set(STANDARD_UPDATE_FIELDS[object_type])
    problems = {
        name: target_problem(catalogue[name], describe.fields[target], update=name in updates)
        for name, target in targets.items()
    }
    plans = [_plan(catalogue[name], describe.fields[target]) for name, target in targets.items()]
    body = payload_build(_sample_row(object_type, 7), plans, external_id_field=EXT, owner_id="")

    assert {name: problem for name, problem in problems.items() if problem} == {}
    assert _not_writable(sorted(set(body.body) - {EXT}), object_type) == []
    assert _sent_twice(sf_connect(emulated_org), object_type, [body.body]) == []


@pytest.mark.parametrize("object_type", SYNCED)
def test_update_pushes_write_only_writable_fields_of_the_connected_object(object_type):
    connected = sync_kind(object_type).connected_object
    targets = [STANDARD_TARGETS[object_type][name] for name in STANDARD_UPDATE_FIELDS[object_type]]
    parent_lookup = f"{object_type}__c"

    written = [parent_lookup, EXT, *(connected_field_name(target) for target in targets)]

    assert _not_writable(written, connected) == []
