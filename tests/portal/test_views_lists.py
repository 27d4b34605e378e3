"""The lead, opportunity and account list pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import Industry, LeadStatus, Stage
from portal.services.sharing import share_grant
from tests.factories import AccountFactory, LeadFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def _names(response) -> list[str]:
    return [str(record) for record, _, _ in response.context["rows"]]


def test_lead_list_shows_only_the_leads_the_user_may_see(client, partner, member, company):
    mine = LeadFactory.create(owner=partner, last_name="Mine")
    shared = LeadFactory.create(last_name="Shared")
    share_grant(actor=None, records=[shared], level="read", user=partner)
    LeadFactory.create(last_name="Hidden")
    LeadFactory.create(owner=member(company, PartnerRole.MANAGER).user, last_name="Above")
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"))
    assert response.status_code == 200
    assert _names(response) == [str(shared), str(mine)]
    assert "Hidden" not in response.content.decode()
    assert response.context["total"] == 2


def test_detail_of_an_invisible_lead_is_not_found(client, partner):
    hidden = LeadFactory.create()
    client.force_login(partner)
    assert client.get(reverse("portal:lead-detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("portal:lead-detail", args=[999_999])).status_code == 404


def test_list_pages_require_a_login(client):
    response = client.get(reverse("portal:lead-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sorting_by_a_column_header_orders_rows_and_marks_aria_sort(client, partner):
    for company in ("Bravo", "Alpha", "Charlie"):
        LeadFactory.create(owner=partner, company=company)
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"), {"sort": "company"})
    companies = [r.company for r, _, _ in response.context["rows"]]
    assert companies == ["Alpha", "Bravo", "Charlie"]
    assert 'aria-sort="ascending"' in response.content.decode()
    response = client.get(reverse("portal:lead-list"), {"sort": "-company"})
    assert [r.company for r, _, _ in response.context["rows"]] == ["Charlie", "Bravo", "Alpha"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_without_a_sort_the_list_keeps_the_selectors_newest_first_order(client, partner):
    first = LeadFactory.create(owner=partner)
    second = LeadFactory.create(owner=partner)
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"))
    assert [r.pk for r, _, _ in response.context["rows"]] == [second.pk, first.pk]


def test_search_matches_name_company_and_email(client, partner):
    LeadFactory.create(owner=partner, last_name="Zed", company="Initech", email="a@x.example")
    LeadFactory.create(owner=partner, last_name="Young", company="Globex", email="b@y.example")
    LeadFactory.create(owner=partner, last_name="Xu", company="Umbrella", email="c@initech.example")
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"), {"q": "initech", "sort": "last_name"})
    assert sorted(r.last_name for r, _, _ in response.context["rows"]) == ["Xu", "Zed"]
    assert response.context["total"] == 2


def test_status_industry_and_owner_filters_narrow_the_list(client, partner, member, company):
    manager = member(company, PartnerRole.MANAGER).user
    LeadFactory.create(owner=partner, status=LeadStatus.WORKING, industry=Industry.BANKING)
    LeadFactory.create(owner=partner, status=LeadStatus.OPEN, industry=Industry.BANKING)
    target = LeadFactory.create(owner=manager, status=LeadStatus.WORKING, industry=Industry.MEDIA)
    client.force_login(manager)
    url = reverse("portal:lead-list")
    assert client.get(url, {"status": LeadStatus.WORKING}).context["total"] == 2
    assert client.get(url, {"industry": Industry.BANKING}).context["total"] == 2
    response = client.get(url, {"owner": str(manager.pk), "status": LeadStatus.WORKING})
    assert [r.pk for r, _, _ in response.context["rows"]] == [target.pk]


def test_export_status_filter_offers_spec_labels_and_only_not_exported_matches(client, partner):
    LeadFactory.create(owner=partner)
    client.force_login(partner)
    url = reverse("portal:lead-list")
    response = client.get(url, {"export_status": "Not Exported", "cols": ["name", "export_status"]})
    assert response.context["total"] == 1
    assert '<td data-label="Export Status">Not Exported</td>' in response.content.decode()
    for label in ("In Progress", "Exported", "Partially Exported", "Failed"):
        assert f'<option value="{label}"' in response.content.decode()
        assert client.get(url, {"export_status": label}).context["total"] == 0


def test_pagination_shows_the_range_and_total(client, partner, settings):
    settings.LIST_PAGE_SIZE = 2
    for _ in range(5):
        LeadFactory.create(owner=partner)
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"), {"page": "2"})
    assert len(response.context["rows"]) == 2
    assert "3\u20134 of 5" in response.content.decode()
    assert 'rel="next"' in response.content.decode()


def test_unfiltered_total_comes_from_the_access_index_count(client, partner, settings):
    LeadFactory.create(owner=partner)
    client.force_login(partner)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:lead-list"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "portal_leadaccess" in counts[0]
    assert 'portal_lead"' not in counts[0].split("FROM", 1)[1].split("WHERE")[0]


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_ten_and_fifty_rows(client, partner, settings):
    settings.LIST_PAGE_SIZE = 100
    account = AccountFactory.create()
    client.force_login(partner)
    lead_url = reverse("portal:lead-list") + "?cols=name&cols=owner&cols=export_status"
    opp_url = reverse("portal:opportunity-list") + "?cols=name&cols=account&cols=owner"
    for _ in range(10):
        LeadFactory.create(owner=partner)
        OpportunityFactory.create(owner=partner, account=account)
    ten = (_page_queries(client, lead_url), _page_queries(client, opp_url))
    for _ in range(40):
        LeadFactory.create(owner=partner)
        OpportunityFactory.create(owner=partner, account=account)
    fifty = (_page_queries(client, lead_url), _page_queries(client, opp_url))
    assert ten == fifty
    assert len(client.get(lead_url).context["rows"]) == 50


def test_opportunity_list_searches_account_names_and_filters_by_stage(client, partner):
    acme = AccountFactory.create(name="Acme Rockets")
    OpportunityFactory.create(owner=partner, name="Big deal", account=acme, stage=Stage.PROPOSAL)
    OpportunityFactory.create(owner=partner, name="Small deal", stage=Stage.PROPOSAL)
    OpportunityFactory.create(owner=partner, name="Rocket fuel", stage=Stage.PROSPECTING)
    client.force_login(partner)
    url = reverse("portal:opportunity-list")
    response = client.get(url, {"q": "rocket", "sort": "name"})
    assert [r.name for r, _, _ in response.context["rows"]] == ["Big deal", "Rocket fuel"]
    response = client.get(url, {"stage": Stage.PROPOSAL, "sort": "name"})
    assert [r.name for r, _, _ in response.context["rows"]] == ["Big deal", "Small deal"]


def test_empty_list_says_nothing_is_shared_yet(client, partner):
    client.force_login(partner)
    response = client.get(reverse("portal:opportunity-list"))
    assert "No opportunities are shared with you yet." in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, partner):
    LeadFactory.create(owner=partner, company="Fragment Inc")
    client.force_login(partner)
    response = client.get(
        reverse("portal:lead-list"),
        {"q": "Fragment"},
        headers={"HX-Request": "true", "HX-Target": "record-results"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="record-results"')
    assert "Fragment Inc" in body
    assert "<html" not in body


def test_account_list_shows_accounts_of_visible_opportunities_only(client, partner):
    seen = AccountFactory.create(name="Seen Corp")
    AccountFactory.create(name="Unseen Corp")
    OpportunityFactory.create(owner=partner, account=seen)
    client.force_login(partner)
    response = client.get(reverse("portal:account-list"))
    assert [a.name for a in response.context["page"].object_list] == ["Seen Corp"]
    assert "Unseen Corp" not in response.content.decode()


def test_vendor_staff_see_every_lead_and_only_the_chosen_columns(client, staff, partner):
    LeadFactory.create(owner=partner, company="Partner Co")
    LeadFactory.create(company="Vendor Co")
    client.force_login(staff)
    response = client.get(reverse("portal:lead-list"), {"cols": ["company", "status"]})
    assert response.context["total"] == 2
    assert [h.column.label for h in response.context["headers"]] == ["Company", "Status"]
    assert sorted(r.company for r, _, _ in response.context["rows"]) == ["Partner Co", "Vendor Co"]
