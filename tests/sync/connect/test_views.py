"""Partner site pages: connection setup, credentials, rotation and the mapping page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from sync.crypto import secret_decrypt
from sync.models import ConnectionStatus, MappingState
from sync.services.mappings.save import mapping_vendor_save
from tests.factories import PartnerAccountFactory
from tests.helpers.orgs import describe_of

pytestmark = pytest.mark.django_db

SETUP = reverse("sync:connect-setup")


@pytest.fixture
def admin_client(client, partner_admin):
    client.force_login(partner_admin.user)
    return client


def test_partner_admin_sees_status_credentials_form_and_test_button(admin_client, connection):
    response = admin_client.get(SETUP)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Salesforce connection of Acme Partners" in page
    assert ">Pending<" in page
    assert 'name="my_domain"' in page and 'name="client_secret"' in page
    assert "Test connection" in page and "Not tested yet" in page
    assert f'href="{SETUP}"' in page  # the navigation link for partner admins


def test_member_who_is_not_partner_admin_gets_a_page_saying_who_sets_it_up(
    client, connection, company, member
):
    user = member(company, PartnerRole.EXECUTIVE, can_export=True).user
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 403
    assert "Only a partner admin of your company" in response.content.decode()
    assert f'href="{SETUP}"' not in response.content.decode()


def test_company_without_a_connection_sees_that_the_vendor_has_not_invited_it(
    client, plenty_of_seats, member
):
    user = member(PartnerAccountFactory.create(), is_partner_admin=True).user
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "The vendor has not invited your company" in response.content.decode()


def test_vendor_staff_are_sent_to_admin(client, connection, vendor_admin):
    client.force_login(vendor_admin)
    response = client.get(SETUP)
    assert response.status_code == 403


def test_saving_credentials_stores_them_and_the_secret_is_never_rendered(admin_client, connection):
    response = admin_client.post(
        SETUP,
        {
            "my_domain": "https://acme.my.salesforce.com/",
            "client_id": "3MVG9client",
            "client_secret": "top-secret-42",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Credentials saved" in page
    connection.refresh_from_db()
    assert connection.my_domain == "acme.my.salesforce.com"
    assert secret_decrypt(connection.client_secret_encrypted) == "top-secret-42"
    assert "top-secret-42" not in page
    assert connection.client_secret_encrypted not in page
    assert 'placeholder="stored (leave empty to keep it)"' in page
    assert 'value="acme.my.salesforce.com"' in page


def test_a_refused_domain_shows_the_reason_and_saves_nothing(admin_client, connection):
    response = admin_client.post(
        SETUP, {"my_domain": "acme.example.com", "client_id": "id", "client_secret": "s"}
    )
    assert response.status_code == 400
    assert "is not a Salesforce My Domain" in response.content.decode()
    connection.refresh_from_db()
    assert connection.my_domain == "" and connection.client_secret_encrypted == ""


def test_rotating_the_secret_from_the_page(admin_client, connection, partner_admin):
    admin_client.post(
        SETUP, {"my_domain": "acme.my.salesforce.com", "client_id": "id", "client_secret": "old"}
    )
    response = admin_client.post(
        reverse("sync:connect-rotate"), {"client_secret": "new-secret"}, follow=True
    )
    assert "Client secret replaced" in response.content.decode()
    assert "new-secret" not in response.content.decode()
    connection.refresh_from_db()
    assert secret_decrypt(connection.client_secret_encrypted) == "new-secret"


def test_rotation_by_a_member_is_forbidden_and_changes_nothing(client, connection, company, member):
    client.force_login(member(company, PartnerRole.USER).user)
    response = client.post(reverse("sync:connect-rotate"), {"client_secret": "x"})
    assert response.status_code == 403
    connection.refresh_from_db()
    assert connection.client_secret_encrypted == ""


def test_test_without_credentials_says_what_to_enter(admin_client, connection):
    response = admin_client.post(reverse("sync:connect-test"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Enter the org&#x27;s My Domain, client id and client secret" in (
        response.content.decode()
    )


def test_mapping_page_waits_for_the_vendor(admin_client, connection):
    response = admin_client.get(reverse("sync:mapping-edit", args=["lead"]))
    assert response.status_code == 200
    assert "The vendor has not chosen the Lead fields to export yet." in response.content.decode()


def test_unknown_object_is_not_found(admin_client, connection):
    assert admin_client.get(reverse("sync:mapping-edit", args=["account"])).status_code == 404


@pytest.fixture
def org_describe(monkeypatch):
    """The org's describe as the emulator's default schema answers it, without HTTP."""
    monkeypatch.setattr(
        "sync.views.connect.mapping_describe", lambda connection, obj: (describe_of(obj), "")
    )


def test_mapping_page_offers_compatible_fields_with_standard_targets_preselected(
    admin_client, connection, vendor_admin, org_describe
):
    mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company", "phone", "status", "annual_revenue"],
        update_fields=["status"],
    )
    response = admin_client.get(reverse("sync:mapping-edit", args=["lead"]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["target_last_name"].initial == "LastName"
    assert form["accept_last_name"].initial is True
    revenue = [value for value, _ in form.fields["target_annual_revenue"].choices]
    assert revenue == ["", "AnnualRevenue"]
    phone = [value for value, _ in form.fields["target_phone"].choices]
    assert "Phone" in phone and "AnnualRevenue" not in phone and "Rating" not in phone
    assert form["target_phone"].initial == "Phone"
    assert form["value_status_2"].initial == "Closed - Converted"
    page = response.content.decode()
    assert "★" in page


def test_saving_the_mapping_page_activates_the_mapping(
    admin_client, connection, vendor_admin, org_describe
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company", "rating"],
        update_fields=[],
    )
    data = {
        "accept_last_name": "on",
        "target_last_name": "LastName",
        "accept_company": "on",
        "target_company": "Company",
        "accept_rating": "on",
        "target_rating": "Rating",
        "value_rating_0": "Hot",
        "value_rating_1": "Warm",
        "value_rating_2": "",
        "default_rating": "Cold",
        "default_owner_id": "005000000000001AAA",
        "external_id_field": "Vendor_Record_Id__c",
        "connected_object": "Connected_External_Lead__c",
    }
    response = admin_client.post(reverse("sync:mapping-edit", args=["lead"]), data, follow=True)
    assert "Lead mapping saved; it is active." in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.state == MappingState.ACTIVE
    rating = mapping.fields.get(field_name="rating")
    assert rating.picklist_map == {"Hot": "Hot", "Warm": "Warm"}
    assert rating.picklist_default == "Cold"


def test_a_refused_mapping_shows_each_problem_next_to_its_field(
    admin_client, connection, vendor_admin, org_describe
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company"],
        update_fields=[],
    )
    data = {
        "accept_last_name": "on",
        "target_last_name": "LastName",
        "default_owner_id": "123",
        "external_id_field": "Vendor_Record_Id__c",
        "connected_object": "Connected_External_Lead__c",
    }
    response = admin_client.post(reverse("sync:mapping-edit", args=["lead"]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["default_owner_id"][0].startswith("Enter the 15- or 18-character id")
    assert "Your org requires Company on Lead" in form.non_field_errors()[0]
    mapping.refresh_from_db()
    assert mapping.state == MappingState.SELECTED and mapping.partner_saved_at is None
    assert connection.status == ConnectionStatus.PENDING
