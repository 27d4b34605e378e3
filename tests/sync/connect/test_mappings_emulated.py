"""Mappings validated against the describe of an emulated org, read over real HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sync.crypto import secret_encrypt
from sync.errors import MappingInvalid
from sync.models import ConnectionStatus, MappingState
from sync.services.connections.setup import connection_test
from sync.services.mappings.save import mapping_partner_save, mapping_vendor_save
from tests.factories.sync import ConnectionFactory

pytestmark = pytest.mark.django_db


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


def test_pending_to_enabled_through_both_mappings_and_a_green_test(
    org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=org_connection,
        object_type="Lead",
        exported=["last_name", "company", "status"],
        update_fields=["status"],
    )
    mapping = mapping_partner_save(
        actor=partner_admin.user,
        object_mapping=mapping,
        rows=ROWS,
        default_owner_id=emulated_org.queue_id,
        external_id_field="Vendor_Record_Id__c",
        connected_object="Connected_External_Lead__c",
    )
    assert mapping.state == MappingState.ACTIVE
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.PENDING

    report = connection_test(actor=partner_admin.user, connection=org_connection)

    assert report.ok, [c for c in report.checks if not c.ok]
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.ENABLED


def test_partner_mapping_onto_a_field_the_org_lacks_is_refused(
    emulator_settings, emulated_org_factory, company, vendor_admin, partner_admin
):
    from emulator.schema import schema_without

    org = emulated_org_factory(schema=schema_without("Lead", "Company"))
    connection = ConnectionFactory.create(
        partner_account=company,
        my_domain=org.host,
        client_id=org.client_id,
        client_secret_encrypted=secret_encrypt(org.client_secret),
    )
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company", "status"],
        update_fields=[],
    )
    with pytest.raises(MappingInvalid) as refused:
        mapping_partner_save(
            actor=partner_admin.user,
            object_mapping=mapping,
            rows=ROWS,
            default_owner_id=org.queue_id,
            external_id_field="Vendor_Record_Id__c",
            connected_object="Connected_External_Lead__c",
        )
    assert refused.value.problems == {"company": "Company is not a field of Lead in your org."}
    mapping.refresh_from_db()
    assert mapping.state == MappingState.SELECTED and mapping.partner_saved_at is None


def test_wrong_credentials_refuse_the_partner_save_saying_the_fields_could_not_be_read(
    org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=org_connection,
        object_type="Lead",
        exported=["last_name", "company"],
        update_fields=[],
    )
    org_connection.client_secret_encrypted = secret_encrypt("wrong")
    org_connection.save()
    with pytest.raises(MappingInvalid) as refused:
        mapping_partner_save(
            actor=partner_admin.user,
            object_mapping=mapping,
            rows=ROWS[:2],
            default_owner_id=emulated_org.queue_id,
            external_id_field="Vendor_Record_Id__c",
            connected_object="Connected_External_Lead__c",
        )
    assert refused.value.message.startswith(
        "The fields of Lead in the partner org could not be read: Salesforce refused the client"
    )
    mapping.refresh_from_db()
    assert mapping.partner_saved_at is None


def test_vendor_change_revalidates_against_the_org_over_http(
    org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=org_connection,
        object_type="Lead",
        exported=["last_name", "company", "status"],
        update_fields=[],
    )
    mapping_partner_save(
        actor=partner_admin.user,
        object_mapping=mapping,
        rows=ROWS,
        default_owner_id=emulated_org.queue_id,
        external_id_field="Vendor_Record_Id__c",
        connected_object="Connected_External_Lead__c",
    )
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=org_connection,
        object_type="Lead",
        exported=["company", "status"],
        update_fields=[],
    )
    assert mapping.state == MappingState.SELECTED
    assert mapping.last_validation == [
        "Your org requires LastName on Lead; map a vendor field to it, or give it a default "
        "value in your org."
    ]


def test_mapping_page_reads_the_org_fields_and_saves(
    client, org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=org_connection,
        object_type="Opportunity",
        exported=["name", "close_date", "stage", "amount"],
        update_fields=["stage"],
    )
    client.force_login(partner_admin.user)
    url = reverse("sync:mapping-edit", args=["opportunity"])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    # What the page offers first: standard targets, same-named picklist values, defaults.
    data = {name: form[name].initial for name in form.fields if form[name].initial}
    assert data["accept_stage"] is True and data["value_stage_8"] == "Closed Won"
    assert data["connected_object"] == "Connected_External_Opportunity__c"
    data.update({"default_owner_id": emulated_org.user_ids[0], "default_stage": "Prospecting"})
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    response = client.post(url, data, follow=True)
    assert "Opportunity mapping saved; it is active." in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.state == MappingState.ACTIVE
    stage = mapping.fields.get(field_name="stage")
    assert stage.target_field == "StageName"
    assert stage.picklist_map["Closed Won"] == "Closed Won"
    assert mapping.fields.get(field_name="amount").target_field == "Amount"
