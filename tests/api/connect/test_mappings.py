"""/mappings/: the vendor's field selection and the partner admin's mapping, via the services."""

from __future__ import annotations

import pytest

from sync.crypto import secret_encrypt
from sync.models import ConnectionStatus, FieldMapping, MappingState, ObjectMapping
from tests.factories import StaffFactory
from tests.factories.sync import ConnectionFactory

pytestmark = pytest.mark.django_db

MAPPINGS = "/api/v1/mappings/"
ROWS = [
    {"field_name": "last_name", "accepted": True, "target_field": "LastName"},
    {"field_name": "company", "accepted": True, "target_field": "Company"},
    {
        "field_name": "status",
        "accepted": True,
        "target_field": "Status",
        "picklist_map": {"Open - Not Contacted": "Open - Not Contacted"},
        "picklist_default": "Working - Contacted",
    },
]
SELECTION = {"exported": ["last_name", "company", "status"], "update_fields": ["status"]}


@pytest.fixture
def pending(emulator_settings, emulated_org, company, vendor_admin):
    """The company's Pending connection to an emulated org, with no mapping yet."""
    return ConnectionFactory.create(
        partner_account=company,
        my_domain=emulated_org.host,
        client_id=emulated_org.client_id,
        client_secret_encrypted=secret_encrypt(emulated_org.client_secret),
        invited_by=vendor_admin,
    )


def vendor_select(client, connection, **overrides):
    body = {"connection": connection.pk, "object_type": "Lead", **SELECTION, **overrides}
    return client.post(MAPPINGS, body, format="json")


def partner_body(org, rows=ROWS):
    return {
        "fields": rows,
        "default_owner_id": org.queue_id,
        "external_id_field": "Vendor_Record_Id__c",
        "connected_object": "Connected_External_Lead__c",
    }


def test_the_vendor_selects_fields_and_the_partner_maps_them_to_an_active_mapping(
    api_client_for, vendor_admin, partner_admin, pending, emulated_org
):
    chosen = vendor_select(api_client_for(vendor_admin), pending)
    assert chosen.status_code == 201, chosen.json()
    body = chosen.json()
    assert (body["object_type"], body["state"]) == ("Lead", "Selected")
    assert {(f["field_name"], f["send_updates"]) for f in body["fields"]} == {
        ("last_name", False),
        ("company", False),
        ("status", True),
    }

    mapped = api_client_for(partner_admin).post(
        f"{MAPPINGS}{body['id']}/partner/", partner_body(emulated_org), format="json"
    )

    assert mapped.status_code == 200, mapped.json()
    assert mapped.json()["state"] == "ActiveMapping"
    assert ObjectMapping.objects.get().state == MappingState.ACTIVE
    status = {f["field_name"]: f["target_field"] for f in mapped.json()["fields"]}
    assert status["status"] == "Status"


def test_an_invalid_vendor_selection_is_a_400_naming_each_field_and_saves_nothing(
    api_client_for, vendor_admin, pending
):
    response = vendor_select(
        api_client_for(vendor_admin), pending, exported=["last_name", "description", "owner"]
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["description"] == [
        "Description: Text Area (Long) fields cannot be exported by Partner Connect."
    ]
    assert "owner" in fields
    assert not ObjectMapping.objects.exists()


def test_an_invalid_partner_mapping_is_a_400_and_the_mapping_stays_selected(
    api_client_for, vendor_admin, partner_admin, pending, emulated_org
):
    mapping_id = vendor_select(api_client_for(vendor_admin), pending).json()["id"]
    rows = [*ROWS[:2], {"field_name": "status", "accepted": True, "target_field": "NoSuch__c"}]

    response = api_client_for(partner_admin).post(
        f"{MAPPINGS}{mapping_id}/partner/", partner_body(emulated_org, rows), format="json"
    )

    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]
    mapping = ObjectMapping.objects.get()
    assert (mapping.state, mapping.partner_saved_at) == (MappingState.SELECTED, None)
    assert not FieldMapping.objects.filter(accepted=True).exists()


def test_choosing_fields_for_an_unknown_connection_is_a_400_naming_it(
    api_client_for, vendor_admin, pending
):
    body = {"connection": pending.pk + 1000, "object_type": "Lead", **SELECTION}
    response = api_client_for(vendor_admin).post(MAPPINGS, body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "connection": [f"No connection has id {pending.pk + 1000}."]
    }
    assert not ObjectMapping.objects.exists()


@pytest.mark.parametrize("who", ["partner_admin", "exporter", "staff_without_permission"])
def test_only_vendor_admins_choose_the_exported_fields(
    api_client_for, pending, who, partner_admin, exporter
):
    user = {"partner_admin": partner_admin, "exporter": exporter}.get(who) or StaffFactory()
    response = vendor_select(api_client_for(user), pending)

    assert response.status_code == 403
    assert not ObjectMapping.objects.exists()


def test_the_vendor_replaces_the_selection_of_an_existing_mapping(
    api_client_for, vendor_admin, pending
):
    client = api_client_for(vendor_admin)
    mapping_id = vendor_select(client, pending).json()["id"]

    response = client.post(
        f"{MAPPINGS}{mapping_id}/vendor-fields/",
        {"exported": ["last_name", "company"], "update_fields": []},
        format="json",
    )

    assert response.status_code == 200
    assert {f["field_name"] for f in response.json()["fields"]} == {"last_name", "company"}
    assert set(FieldMapping.objects.values_list("field_name", flat=True)) == {
        "last_name",
        "company",
    }


def test_a_partner_admin_cannot_replace_the_vendor_selection(
    api_client_for, vendor_admin, partner_admin, pending
):
    mapping_id = vendor_select(api_client_for(vendor_admin), pending).json()["id"]

    response = api_client_for(partner_admin).post(
        f"{MAPPINGS}{mapping_id}/vendor-fields/", {"exported": ["last_name"]}, format="json"
    )

    assert response.status_code == 403
    assert FieldMapping.objects.count() == 3


def test_a_vendor_admin_cannot_save_the_partners_mapping(
    api_client_for, vendor_admin, pending, emulated_org
):
    mapping_id = vendor_select(api_client_for(vendor_admin), pending).json()["id"]

    response = api_client_for(vendor_admin).post(
        f"{MAPPINGS}{mapping_id}/partner/", partner_body(emulated_org), format="json"
    )

    assert response.status_code == 403
    assert ObjectMapping.objects.get().partner_saved_at is None


def test_a_partner_admin_reads_only_their_connections_mappings(
    api_client_for, partner_admin, connection, other_connection
):
    client = api_client_for(partner_admin)
    listed = client.get(MAPPINGS).json()["results"]

    assert {row["connection"] for row in listed} == {connection.pk}
    assert len(listed) == 2
    foreign = other_connection.object_mappings.first()
    assert client.get(f"{MAPPINGS}{foreign.pk}/").status_code == 404
    assert client.post(f"{MAPPINGS}{foreign.pk}/partner/", {}, format="json").status_code == 404


def test_a_vendor_admin_reads_every_mapping_and_filters_them(
    api_client_for, vendor_admin, connection, other_connection
):
    client = api_client_for(vendor_admin)

    assert len(client.get(MAPPINGS).json()["results"]) == 4
    leads = client.get(MAPPINGS, {"object_type": "Lead", "connection": connection.pk}).json()
    assert [(r["connection"], r["object_type"]) for r in leads["results"]] == [
        (connection.pk, "Lead")
    ]
    assert client.get(MAPPINGS, {"state": "Bogus"}).status_code == 400


def test_a_partner_user_who_is_not_admin_may_not_read_mappings(
    api_client_for, exporter, connection
):
    assert api_client_for(exporter).get(MAPPINGS).status_code == 403


def test_mapping_a_disabled_connection_keeps_it_disabled(api_client_for, vendor_admin, pending):
    pending.status = ConnectionStatus.DISABLED
    pending.save()
    response = vendor_select(api_client_for(vendor_admin), pending)

    assert response.status_code == 201
    pending.refresh_from_db()
    assert pending.status == ConnectionStatus.DISABLED
