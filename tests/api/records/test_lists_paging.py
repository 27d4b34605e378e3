"""Record lists page with a keyset cursor: constant queries per page, no row twice or missed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import Lead, LeadStatus, Rating, Stage
from tests.factories import AccountFactory, ContactFactory, LeadFactory, OpportunityFactory
from tests.helpers.records import shared_opportunity

pytestmark = pytest.mark.django_db


def walk(client, url: str, **params) -> list[int]:
    """Every id of the list, following the next links to the end (100 pages at most)."""
    seen: list[int] = []
    response = client.get(url, params)
    for _ in range(100):
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            return seen
        response = client.get(body["next"])
    raise AssertionError(f"still paging after 100 pages and {len(seen)} rows")


@pytest.mark.parametrize(
    "ordering", ["-created_at", "status", "-rating", "export_status", "company", "-updated_at"]
)
def test_pages_cover_every_lead_once_whatever_the_ordering(api, partner, ordering):
    # Few distinct values per column, so many rows share a position but for their id.
    leads = [
        LeadFactory.create(
            owner=partner,
            company=f"Co {i % 3}",
            status=[LeadStatus.OPEN, LeadStatus.WORKING][i % 2],
            rating=[Rating.HOT, Rating.COLD, ""][i % 3],
        )
        for i in range(23)
    ]
    seen = walk(api, reverse("api:lead-list"), ordering=ordering, page_size=4)
    assert sorted(seen) == sorted(lead.pk for lead in leads)
    assert len(seen) == len(set(seen))


def test_more_than_a_thousand_rows_of_one_value_page_through_to_the_end(api_client_for, staff):
    # DRF's own cursor skips equal values by an offset capped at 1,000 and would loop here.
    Lead.objects.bulk_create(
        Lead(owner=staff, last_name=f"Bulk {i}", company="Same", status=LeadStatus.OPEN)
        for i in range(1_250)
    )
    seen = walk(api_client_for(staff), reverse("api:lead-list"), ordering="status", page_size=200)
    assert len(seen) == len(set(seen)) == 1_250


def test_previous_links_walk_back_over_the_same_rows(api, partner):
    for i in range(9):
        LeadFactory.create(owner=partner, status=[LeadStatus.OPEN, LeadStatus.WORKING][i % 2])
    url = reverse("api:lead-list")
    first = api.get(url, {"ordering": "status", "page_size": 4}).json()
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]
    assert back["previous"] is None


def test_a_cursor_of_another_ordering_is_refused(api, partner):
    for _ in range(3):
        LeadFactory.create(owner=partner)
    url = reverse("api:lead-list")
    next_link = api.get(url, {"ordering": "company", "page_size": 1}).json()["next"]
    response = api.get(next_link.replace("ordering=company", "ordering=-created_at"))
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid cursor"


def _lead_rows(partner, count):
    for _ in range(count):
        LeadFactory.create(owner=partner)


def _opportunity_rows(partner, count):
    account = AccountFactory.create()
    for _ in range(count):
        shared_opportunity(partner, "read", account=account, stage=Stage.PROSPECTING)


def _account_rows(partner, count):
    for _ in range(count):
        OpportunityFactory.create(owner=partner, account=AccountFactory.create())


def _contact_rows(partner, count):
    account = AccountFactory.create()
    OpportunityFactory.create(owner=partner, account=account)
    for _ in range(count):
        ContactFactory.create(account=account)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("lead", _lead_rows),
        ("opportunity", _opportunity_rows),
        ("account", _account_rows),
        ("contact", _contact_rows),
    ],
)
def test_a_list_page_costs_the_same_queries_for_1_or_20_rows(
    api_client_for, member, company, django_assert_max_num_queries, name, make
):
    one, twenty = (member(company).user for _ in range(2))
    make(one, 1)
    make(twenty, 20)
    url = reverse(f"api:{name}-list")
    clients = {1: api_client_for(one), 20: api_client_for(twenty)}
    # Warm up: the first request of a token records its last use.
    for client in clients.values():
        client.get(url)
    with django_assert_max_num_queries(4) as small:
        rows = clients[1].get(url).json()["results"]
    assert len(rows) == 1
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        rows = clients[20].get(url).json()["results"]
    assert len(rows) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
