"""PATCH /api/v1/leads/{id}/ and /opportunities/{id}/: partner edits of whitelisted fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import Lead, LeadStatus, Opportunity, PartnerEditableField, Rating, Stage
from portal.services.sharing import share_grant
from sync.models import ObjectType, RecordMap, UpdateOutbox
from tests.factories import LeadFactory
from tests.factories.sync import enabled_connection
from tests.helpers.api import error_of
from tests.helpers.records import shared_lead, shared_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def whitelist(db):
    """The demo's partner-editable fields."""
    for object_type, names in {
        "lead": ("status", "rating"),
        "opportunity": ("stage", "next_step", "probability", "close_date"),
    }.items():
        for name in names:
            PartnerEditableField.objects.create(object_type=object_type, field_name=name)


def lead_url(pk: int) -> str:
    return reverse("api:lead-detail", args=[pk])


def snapshot(lead: Lead) -> tuple:
    lead.refresh_from_db()
    return (lead.status, lead.rating, lead.company, lead.updated_at)


def test_read_write_access_changes_the_whitelisted_fields(api, partner):
    lead = shared_lead(partner, "edit", status=LeadStatus.OPEN)
    response = api.patch(lead_url(lead.pk), {"status": "Working - Contacted", "rating": "Warm"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["rating"]) == (
        "Working - Contacted",
        "Warm",
    )
    assert response.json()["export_status"] == "not_exported"
    lead.refresh_from_db()
    assert (lead.status, lead.rating) == (LeadStatus.WORKING, Rating.WARM)


def test_an_opportunity_edit_validates_and_saves_each_type(api, partner):
    opportunity = shared_opportunity(partner, "edit")
    response = api.patch(
        reverse("api:opportunity-detail", args=[opportunity.pk]),
        {"stage": "Closed Won", "probability": 100, "close_date": "2027-01-31", "next_step": ""},
    )
    assert response.status_code == 200, response.content
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.probability, opportunity.close_date) == (
        Stage.CLOSED_WON,
        100,
        dt.date(2027, 1, 31),
    )


def test_a_field_outside_the_whitelist_is_a_400_naming_it_and_nothing_changes(api, partner):
    lead = shared_lead(partner, "edit", status=LeadStatus.OPEN, company="Initech")
    before = snapshot(lead)
    response = api.patch(
        lead_url(lead.pk), {"status": "Working - Contacted", "company": "Hijacked"}
    )
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["company"]
    assert "Editable fields: rating, status." in error_of(response)["fields"]["company"][0]
    assert snapshot(lead) == before


@pytest.mark.parametrize("body", [{"id": 5}, {"export_status": "exported"}, {"owner": 1}])
def test_read_only_and_unknown_fields_are_refused_by_name(api, partner, body):
    lead = shared_lead(partner, "edit")
    before = snapshot(lead)
    response = api.patch(lead_url(lead.pk), body)
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == list(body)
    assert snapshot(lead) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "Sleeping"}, "status"), ({"rating": 7}, "rating")],
)
def test_an_invalid_value_is_a_400_on_its_field(api, partner, body, field):
    lead = shared_lead(partner, "edit")
    before = snapshot(lead)
    response = api.patch(lead_url(lead.pk), body)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert snapshot(lead) == before


@pytest.mark.parametrize("body", [{}, [], "status"])
def test_a_body_that_changes_nothing_is_a_400(api, partner, body):
    lead = shared_lead(partner, "edit")
    before = snapshot(lead)
    response = api.patch(lead_url(lead.pk), body, format="json")
    assert response.status_code == 400
    assert error_of(response)["message"]
    assert snapshot(lead) == before


def test_read_access_is_a_403_with_the_sites_message_and_nothing_changes(api, partner):
    lead = shared_lead(partner, "read", status=LeadStatus.OPEN)
    before = snapshot(lead)
    response = api.patch(lead_url(lead.pk), {"status": "Working - Contacted"})
    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "You have Read access to this record; ask its owner for Read/Write."
    )
    assert snapshot(lead) == before


def test_an_invisible_or_other_companys_lead_is_a_404_and_nothing_changes(
    api, partner, outsider, company, member
):
    theirs = LeadFactory.create(owner=outsider, status=LeadStatus.OPEN)
    above = LeadFactory.create(owner=member(company, PartnerRole.MANAGER).user)
    for lead in (theirs, above):
        before = snapshot(lead)
        for body in ({"status": "Working - Contacted"}, {"company": "Hijacked"}, {}):
            response = api.patch(lead_url(lead.pk), body)
            assert response.status_code == 404
            assert error_of(response)["message"] == "Not found."
        assert snapshot(lead) == before


def test_anonymous_patch_is_a_401_and_nothing_changes(anonymous_api_client, partner):
    lead = shared_lead(partner, "edit")
    before = snapshot(lead)
    assert (
        anonymous_api_client.patch(lead_url(lead.pk), {"status": "Working - Contacted"}).status_code
        == 401
    )
    assert snapshot(lead) == before


def test_put_is_not_offered(api, partner):
    lead = shared_lead(partner, "edit")
    before = snapshot(lead)
    response = api.put(lead_url(lead.pk), {"status": "Working - Contacted"})
    assert response.status_code == 405
    assert snapshot(lead) == before


def test_contacts_are_read_only_and_an_account_seen_through_an_opportunity_is_read(api, partner):
    from tests.factories import ContactFactory, OpportunityFactory

    PartnerEditableField.objects.create(object_type="account", field_name="name")
    contact = ContactFactory.create()
    OpportunityFactory.create(owner=partner, account=contact.account)
    account_url = reverse("api:account-detail", args=[contact.account_id])
    contact_url = reverse("api:contact-detail", args=[contact.pk])
    assert api.get(account_url).status_code == 200
    response = api.patch(account_url, {"name": "Renamed"})
    assert response.status_code == 403
    assert "Read access" in error_of(response)["message"]
    assert api.patch(contact_url, {"last_name": "Renamed"}).status_code == 405
    contact.refresh_from_db()
    assert contact.account.name != "Renamed"
    assert contact.last_name != "Renamed"


def _shared_account(user, level):
    from tests.factories import AccountFactory

    account = AccountFactory.create(name="Shared Account", phone="+1 555 0100")
    share_grant(actor=None, records=[account], level=level, user=user)
    return account


def test_an_account_shared_read_write_takes_its_partner_editable_fields(api, partner):
    PartnerEditableField.objects.create(object_type="account", field_name="phone")
    account = _shared_account(partner, "edit")
    url = reverse("api:account-detail", args=[account.pk])

    refused = api.patch(url, {"phone": "+1 555 0199", "name": "Hijacked"})
    assert refused.status_code == 400
    assert "name" in error_of(refused)["fields"]
    account.refresh_from_db()
    assert (account.name, account.phone) == ("Shared Account", "+1 555 0100")

    response = api.patch(url, {"phone": "+1 555 0199"})
    assert response.status_code == 200
    assert response.json()["phone"] == "+1 555 0199"
    account.refresh_from_db()
    assert account.phone == "+1 555 0199"


def test_another_companys_account_is_404_on_patch(api, outsider):
    PartnerEditableField.objects.create(object_type="account", field_name="phone")
    account = _shared_account(outsider, "edit")
    response = api.patch(reverse("api:account-detail", args=[account.pk]), {"phone": "1"})
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.phone == "+1 555 0100"


def test_vendor_staff_may_edit_the_whitelisted_fields_as_on_the_site(api_client_for, staff):
    lead = LeadFactory.create(status=LeadStatus.OPEN)
    response = api_client_for(staff).patch(lead_url(lead.pk), {"status": "Working - Contacted"})
    assert response.status_code == 200
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WORKING


def test_editing_an_update_field_of_an_exported_lead_queues_the_two_way_update(
    api, partner, company, django_capture_on_commit_callbacks
):
    lead = shared_lead(partner, "edit", status=LeadStatus.OPEN)
    record_map = RecordMap.objects.create(
        connection=enabled_connection(partner_account=company),
        object_type=ObjectType.LEAD,
        lead=lead,
        external_id="00Q000000000001AAA",
        export_status="exported",
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.patch(lead_url(lead.pk), {"status": "Working - Contacted"})
    assert response.status_code == 200
    assert response.json()["export_status"] == "exported"
    queued = UpdateOutbox.objects.get(record_map=record_map)
    assert queued.queued_at is not None
    assert len(callbacks) == 1  # the push task of the connection


def test_a_refused_edit_of_an_exported_lead_queues_nothing(api, partner, company):
    lead = shared_lead(partner, "read")
    RecordMap.objects.create(
        connection=enabled_connection(partner_account=company),
        object_type=ObjectType.LEAD,
        lead=lead,
        external_id="00Q000000000001AAA",
    )
    assert api.patch(lead_url(lead.pk), {"status": "Working - Contacted"}).status_code == 403
    assert not UpdateOutbox.objects.exists()


def test_an_opportunity_with_read_access_is_a_403(api, partner):
    opportunity = shared_opportunity(partner, "read", stage=Stage.PROSPECTING)
    response = api.patch(
        reverse("api:opportunity-detail", args=[opportunity.pk]), {"stage": "Closed Won"}
    )
    assert response.status_code == 403
    assert Opportunity.objects.get(pk=opportunity.pk).stage == Stage.PROSPECTING
