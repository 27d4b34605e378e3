"""The emulated orgs page: vendor staff see what each org holds; nobody else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from emulator.control import org_record_create
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Any) -> Any:
    client.force_login(StaffFactory.create(email="ops@vendor.example.com"))
    return client


def test_lists_each_org_with_usage_and_record_counts(staff_client, emulator_settings, emulated_org):
    org_record_create(
        emulated_org.base_url,
        host=emulated_org.host,
        sobject="Lead",
        values={"LastName": "Arrived", "Company": "Acme", "Vendor_Record_Id__c": "41"},
    )
    page = staff_client.get(reverse("devtools:emulated-orgs")).content.decode()
    assert emulated_org.host in page
    assert "Leads: 1" in page
    assert "Opportunities: 0" in page


def test_shows_an_objects_records_newest_first(staff_client, emulator_settings, emulated_org):
    for name in ("First", "Second"):
        org_record_create(
            emulated_org.base_url,
            host=emulated_org.host,
            sobject="Lead",
            values={"LastName": name, "Company": "Acme"},
        )
    url = reverse("devtools:emulated-org", args=[emulated_org.host, "Lead"])
    page = staff_client.get(url).content.decode()
    assert "2 records" in page
    assert page.index("Second") < page.index("First")
    assert "Vendor_Record_Id__c" in page


def test_an_unknown_org_or_object_is_not_found(staff_client, emulator_settings, emulated_org):
    unknown_org = reverse("devtools:emulated-org", args=["nowhere.my.salesforce.com", "Lead"])
    unknown_object = reverse("devtools:emulated-org", args=[emulated_org.host, "Case"])
    assert staff_client.get(unknown_org).status_code == 404
    assert staff_client.get(unknown_object).status_code == 404


def test_not_found_when_the_site_uses_real_salesforce(staff_client, settings):
    settings.SALESFORCE_EMULATOR_URL = ""
    assert staff_client.get(reverse("devtools:emulated-orgs")).status_code == 404


def test_a_stopped_emulator_is_said_plainly(staff_client, settings):
    settings.SALESFORCE_EMULATOR_URL = "http://127.0.0.1:9"
    response = staff_client.get(reverse("devtools:emulated-orgs"))
    assert response.status_code == 200
    assert "does not answer" in response.content.decode()


def test_partner_users_are_sent_to_the_admin_login(client, company, member, emulator_settings):
    client.force_login(member(company).user)
    response = client.get(reverse("devtools:emulated-orgs"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_index_links_to_the_page_only_with_the_emulator(
    staff_client, settings, emulator_settings
):
    staff_client.force_login(
        StaffFactory.create(email="root@vendor.example.com", is_superuser=True)
    )
    assert "Emulated partner orgs" in staff_client.get(reverse("admin:index")).content.decode()
    settings.SALESFORCE_EMULATOR_URL = ""
    assert "Emulated partner orgs" not in staff_client.get(reverse("admin:index")).content.decode()


def test_every_object_the_org_holds_is_shown_connected_records_too(
    staff_client, emulator_settings, emulated_org
):
    org_record_create(
        emulated_org.base_url,
        host=emulated_org.host,
        sobject="Connected_External_Lead__c",
        values={"Name": "CEL-1"},
    )
    url = reverse("devtools:emulated-org", args=[emulated_org.host, "Connected_External_Lead__c"])
    response = staff_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "CEL-1" in page and "1 record" in page
    lead_page = staff_client.get(reverse("devtools:emulated-org", args=[emulated_org.host, "Lead"]))
    assert "Connected_External_Lead__c" in lead_page.content.decode()  # offered as an object
