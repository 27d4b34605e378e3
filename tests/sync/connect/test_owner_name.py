"""The default owner of imported records is shown by its name in the partner org, not its id."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sync.models import ObjectMapping
from sync.services.mappings.save import mapping_partner_save, mapping_vendor_save
from tests.factories import LeadFactory
from tests.factories.sync import enabled_connection

pytestmark = pytest.mark.django_db

ROWS = [
    {"field_name": "last_name", "accepted": True, "target_field": "LastName"},
    {"field_name": "company", "accepted": True, "target_field": "Company"},
]


def _save(connection, vendor_admin, partner_admin, owner_id: str) -> ObjectMapping:
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company"],
        update_fields=[],
    )
    return mapping_partner_save(
        actor=partner_admin.user,
        object_mapping=mapping,
        rows=ROWS,
        default_owner_id=owner_id,
        external_id_field="Vendor_Record_Id__c",
        connected_object="Connected_External_Lead__c",
    )


def test_saving_the_mapping_keeps_the_owners_name_from_the_org(
    org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = _save(org_connection, vendor_admin, partner_admin, emulated_org.user_ids[0])
    assert mapping.default_owner_name == "Avery Admin"

    mapping = _save(org_connection, vendor_admin, partner_admin, emulated_org.queue_id)
    assert mapping.default_owner_name == "Partner Leads Queue"


def test_an_owner_the_org_does_not_know_keeps_no_name(
    org_connection, emulated_org, vendor_admin, partner_admin
):
    mapping = _save(org_connection, vendor_admin, partner_admin, emulated_org.inactive_user_id)
    assert mapping.default_owner_name == ""


def test_the_mapping_page_names_the_saved_owner(
    client, org_connection, emulated_org, vendor_admin, partner_admin
):
    _save(org_connection, vendor_admin, partner_admin, emulated_org.queue_id)
    client.force_login(partner_admin.user)
    body = client.get(reverse("sync:mapping-edit", args=["lead"])).content.decode()
    assert "Saved now: <strong>Partner Leads Queue</strong>." in body


def test_the_export_confirmation_names_the_owner(client, exporter, company):
    connection = enabled_connection(partner_account=company)
    mapping = ObjectMapping.objects.get(connection=connection, object_type="Lead")
    mapping.default_owner_id = "005000000000001AAA"
    mapping.default_owner_name = "Sam Seller"
    mapping.save()
    lead = LeadFactory.create(owner=exporter)
    client.force_login(exporter)
    confirm = reverse("sync:export-confirm", args=["lead"])

    body = client.get(confirm, {"selected": [lead.pk]}).content.decode()
    assert (
        "New records there are owned by <strong>Sam Seller</strong> "
        "(user <code>005000000000001AAA</code>)."
    ) in body

    mapping.default_owner_name = ""
    mapping.save()
    body = client.get(confirm, {"selected": [lead.pk]}).content.decode()
    assert "<code>005000000000001AAA</code> (its name shows here once" in body
