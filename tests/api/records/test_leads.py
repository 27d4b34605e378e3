"""GET /api/v1/leads/: the leads the caller may see, with their Export Status."""

from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PartnerRole
from accounts.services.memberships import membership_update, user_set_active
from accounts.services.seats import membership_holds_seat
from api.models import ApiToken
from portal.models import Lead, LeadSource, LeadStatus, Rating
from portal.services.sharing import share_grant
from sync.models import ExportStatus, ObjectType, RecordMap
from tests.factories import LeadFactory
from tests.factories.sync import enabled_connection
from tests.helpers.api import error_of
from tests.helpers.records import shared_lead

pytestmark = pytest.mark.django_db

LIST = reverse("api:lead-list")


def detail(pk: int) -> str:
    return reverse("api:lead-detail", args=[pk])


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def record_map(connection, lead, status, **values) -> RecordMap:
    return RecordMap.objects.create(
        connection=connection,
        object_type=ObjectType.LEAD,
        lead=lead,
        export_status=status,
        **values,
    )


def test_lists_only_the_leads_the_caller_sees_newest_first(api, partner, company, member):
    mine = LeadFactory.create(owner=partner)
    shared = shared_lead(partner, "read")
    LeadFactory.create(last_name="Hidden")
    LeadFactory.create(owner=member(company, PartnerRole.MANAGER).user)

    assert ids(api.get(LIST)) == [shared.pk, mine.pk]


def test_a_lead_reads_as_on_the_record_page(api, partner):
    lead = LeadFactory.create(
        owner=partner, company="Initech", status=LeadStatus.WORKING, rating=Rating.HOT
    )
    body = api.get(detail(lead.pk)).json()
    assert body["company"] == "Initech"
    assert (body["status"], body["rating"]) == ("Working - Contacted", "Hot")
    assert body["owner"] == {"id": partner.pk, "name": str(partner)}
    assert (body["export_status"], body["export_status_label"], body["export_error"]) == (
        "not_exported",
        "Not Exported",
        None,
    )


def test_export_status_is_the_one_of_the_callers_company_connection(
    api, api_client_for, partner, outsider, company, other_company
):
    lead = shared_lead(partner, "read")
    share_grant(actor=None, records=[lead], level="read", user=outsider)
    record_map(enabled_connection(partner_account=company), lead, ExportStatus.EXPORTED)
    record_map(
        enabled_connection(partner_account=other_company),
        lead,
        ExportStatus.FAILED,
        last_error_code="FIELD_CUSTOM_VALIDATION_EXCEPTION",
        last_error_message="Phone is required",
    )

    mine = api.get(detail(lead.pk)).json()
    theirs = api_client_for(outsider).get(detail(lead.pk)).json()
    assert (mine["export_status"], mine["export_status_label"], mine["export_error"]) == (
        "exported",
        "Exported",
        None,
    )
    assert (theirs["export_status"], theirs["export_status_label"], theirs["export_error"]) == (
        "failed",
        "Failed",
        "FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone is required",
    )
    assert [r["export_status"] for r in api.get(LIST).json()["results"]] == ["exported"]


def test_another_companys_lead_is_not_found_like_a_missing_id(api, outsider):
    theirs = LeadFactory.create(owner=outsider)
    response = api.get(detail(theirs.pk))
    missing = api.get(detail(theirs.pk + 1000))
    assert response.status_code == missing.status_code == 404
    assert error_of(response) == error_of(missing)
    assert error_of(response)["message"] == "Not found."


def test_a_colleague_with_a_higher_role_keeps_their_lead_from_a_lower_role(api, company, member):
    manager_lead = LeadFactory.create(owner=member(company, PartnerRole.MANAGER).user)
    assert api.get(detail(manager_lead.pk)).status_code == 404
    assert ids(api.get(LIST)) == []


def test_anonymous_and_wrong_or_revoked_tokens_are_refused(
    anonymous_api_client, api_client_for, partner
):
    lead = LeadFactory.create(owner=partner)
    assert anonymous_api_client.get(LIST).status_code == 401
    assert anonymous_api_client.get(detail(lead.pk)).status_code == 401
    anonymous_api_client.credentials(HTTP_AUTHORIZATION="Token pp_not-a-real-token")
    assert anonymous_api_client.get(LIST).status_code == 401
    revoked = api_client_for(partner)
    ApiToken.objects.filter(user=partner).delete()
    response = revoked.get(detail(lead.pk))
    assert response.status_code == 401
    assert error_of(response)["code"] in {"authentication_failed", "not_authenticated"}


def test_a_deactivated_user_is_refused_with_their_own_token(api, partner):
    LeadFactory.create(owner=partner)
    user_set_active(actor=None, user=partner, is_active=False)
    assert api.get(LIST).status_code == 401


def test_a_partner_user_without_a_seat_browses_as_on_the_site(api, partner):
    assert not membership_holds_seat(partner.membership)
    lead = LeadFactory.create(owner=partner)
    assert ids(api.get(LIST)) == [lead.pk]


def test_a_deactivated_membership_sees_nothing(api, partner):
    lead = LeadFactory.create(owner=partner)
    membership_update(actor=None, membership=partner.membership, is_active=False)
    assert ids(api.get(LIST)) == []
    assert api.get(detail(lead.pk)).status_code == 404


def test_vendor_staff_see_every_lead_as_on_the_site(api_client_for, staff, outsider, partner):
    leads = [LeadFactory.create(owner=outsider), LeadFactory.create(owner=partner)]
    assert ids(api_client_for(staff).get(LIST)) == [leads[1].pk, leads[0].pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "Working - Contacted"}, ["working"]),
        ({"status": ["Working - Contacted", "Open - Not Contacted"]}, ["working", "open"]),
        ({"rating": "Hot"}, ["open"]),
        ({"lead_source": "Web"}, ["working"]),
        ({"industry": "Banking"}, ["open"]),
        ({"export_status": "exported"}, ["working"]),
        ({"export_status": "not_exported"}, ["open"]),
    ],
)
def test_filters_narrow_the_list(api, partner, company, params, expected):
    by_name = {
        "open": LeadFactory.create(
            owner=partner, status=LeadStatus.OPEN, rating=Rating.HOT, industry="Banking"
        ),
        "working": LeadFactory.create(
            owner=partner, status=LeadStatus.WORKING, lead_source=LeadSource.WEB
        ),
    }
    record_map(enabled_connection(partner_account=company), by_name["working"], "exported")
    assert sorted(ids(api.get(LIST, params))) == sorted(by_name[n].pk for n in expected)


def test_owner_and_date_range_filters(api, partner, company, member):
    colleague = member(company, PartnerRole.USER).user
    old = LeadFactory.create(owner=partner)
    Lead.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10),
        updated_at=timezone.now() - dt.timedelta(days=9),
    )
    new = LeadFactory.create(owner=colleague)
    share_grant(actor=None, records=[new], level="read", user=partner)
    week_ago = (timezone.now() - dt.timedelta(days=7)).isoformat()

    assert ids(api.get(LIST, {"owner": colleague.pk})) == [new.pk]
    assert ids(api.get(LIST, {"owner": partner.pk})) == [old.pk]
    assert ids(api.get(LIST, {"created_before": week_ago})) == [old.pk]
    assert ids(api.get(LIST, {"created_after": week_ago})) == [new.pk]
    assert ids(api.get(LIST, {"updated_before": week_ago})) == [old.pk]
    assert ids(api.get(LIST, {"updated_after": week_ago})) == [new.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "Sleeping"},
        {"export_status": "Exported"},
        {"owner": "me"},
        {"owner": str(10**30)},
        {"created_after": "yesterday"},
        {"created_after": "9999-12-31T23:59:59-14:00"},
        {"ordering": "owner__email"},
        {"ordering": "annual_revenue"},
    ],
)
def test_a_filter_or_ordering_it_cannot_read_is_a_400_naming_it(api, partner, params):
    LeadFactory.create(owner=partner)
    response = api.get(LIST, params)
    assert response.status_code == 400
    name = next(iter(params))
    assert error_of(response)["fields"][name]
    if name == "ordering":
        assert "Cannot order by" in error_of(response)["fields"]["ordering"][0]


def crafted(position: object) -> str:
    """A cursor whose position is ``position``, as a client could forge it."""
    query = urlencode({"p": json.dumps(position)})
    return base64.b64encode(query.encode("ascii")).decode("ascii")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        crafted(1),
        crafted([["x"], [1]]),
        crafted([["-created_at", "pk"], ["yesterday", 1]]),
        crafted([["-created_at", "pk"], ["2026-01-01T00:00:00+00:00", 10**30]]),
        crafted([["-created_at", "pk"], ["2026-01-01T00:00:00+00:00", None]]),
        crafted([["-created_at", "pk"], ["2026-01-01T00:00:00+00:00\x00", 1]]),
        crafted([["-created_at", "pk"], [["2026-01-01"], 1]]),
    ],
)
def test_a_cursor_it_cannot_read_is_an_invalid_cursor(api, partner, cursor):
    LeadFactory.create(owner=partner)
    response = api.get(LIST, {"cursor": cursor})
    assert response.status_code == 404
    assert error_of(response)["message"] == "Invalid cursor"


def test_search_matches_names_company_and_email(api, partner):
    ada = LeadFactory.create(owner=partner, first_name="Ada", last_name="Lovelace")
    initech = LeadFactory.create(owner=partner, company="Initech")
    mail = LeadFactory.create(owner=partner, email="someone@umbrella.example")
    assert ids(api.get(LIST, {"search": "lovelace"})) == [ada.pk]
    assert ids(api.get(LIST, {"search": "initech"})) == [initech.pk]
    assert ids(api.get(LIST, {"search": "umbrella"})) == [mail.pk]


def test_filter_search_and_order_never_reach_another_companys_leads(api, partner, outsider):
    LeadFactory.create(
        owner=outsider, company="Initech", email="x@initech.example", rating=Rating.HOT
    )
    for params in (
        {"search": "initech"},
        {"rating": "Hot"},
        {"owner": outsider.pk},
        {"ordering": "-company"},
        {"export_status": "not_exported"},
    ):
        assert ids(api.get(LIST, params)) == [], params


def test_ordering_by_a_whitelisted_field(api, partner):
    for company in ("Bravo", "Alpha", "Charlie"):
        LeadFactory.create(owner=partner, company=company)
    rows = api.get(LIST, {"ordering": "company"}).json()["results"]
    assert [r["company"] for r in rows] == ["Alpha", "Bravo", "Charlie"]
    rows = api.get(LIST, {"ordering": "-company"}).json()["results"]
    assert [r["company"] for r in rows] == ["Charlie", "Bravo", "Alpha"]
