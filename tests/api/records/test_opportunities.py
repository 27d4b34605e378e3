"""GET /api/v1/opportunities/: the opportunities the caller may see, with their Export Status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import Stage
from sync.models import ObjectType, RecordMap
from tests.factories import AccountFactory, OpportunityFactory
from tests.factories.sync import enabled_connection
from tests.helpers.api import error_of
from tests.helpers.records import shared_opportunity

pytestmark = pytest.mark.django_db

LIST = reverse("api:opportunity-list")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_lists_only_visible_opportunities_with_their_account(api, partner, company, member):
    account = AccountFactory.create(name="Umbrella")
    mine = OpportunityFactory.create(owner=partner, account=account, name="Mine")
    OpportunityFactory.create(name="Hidden")
    OpportunityFactory.create(owner=member(company, PartnerRole.EXECUTIVE).user)
    rows = api.get(LIST).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["account"] == {"id": account.pk, "name": "Umbrella"}
    assert rows[0]["export_status_label"] == "Not Exported"


def test_export_status_of_an_exported_opportunity(api, partner, company):
    opportunity = shared_opportunity(partner, "read")
    RecordMap.objects.create(
        connection=enabled_connection(partner_account=company),
        object_type=ObjectType.OPPORTUNITY,
        opportunity=opportunity,
        export_status="partial",
    )
    body = api.get(reverse("api:opportunity-detail", args=[opportunity.pk])).json()
    assert (body["export_status"], body["export_status_label"]) == (
        "partial",
        "Partially Exported",
    )
    assert ids(api.get(LIST, {"export_status": "partial"})) == [opportunity.pk]
    assert ids(api.get(LIST, {"export_status": "exported"})) == []


def test_another_companys_opportunity_is_a_404(api, outsider):
    theirs = OpportunityFactory.create(owner=outsider)
    response = api.get(reverse("api:opportunity-detail", args=[theirs.pk]))
    assert response.status_code == 404
    assert error_of(response)["message"] == "Not found."


def test_stage_close_date_and_account_filters(api, partner):
    umbrella = AccountFactory.create(name="Umbrella")
    soon = OpportunityFactory.create(
        owner=partner, stage=Stage.PROSPECTING, close_date=dt.date(2027, 1, 10), account=umbrella
    )
    late = OpportunityFactory.create(
        owner=partner, stage=Stage.CLOSED_WON, close_date=dt.date(2027, 6, 1)
    )
    assert ids(api.get(LIST, {"stage": "Closed Won"})) == [late.pk]
    assert ids(api.get(LIST, {"close_date_before": "2027-02-01"})) == [soon.pk]
    assert ids(api.get(LIST, {"close_date_after": "2027-02-01"})) == [late.pk]
    assert ids(api.get(LIST, {"account": umbrella.pk})) == [soon.pk]
    assert ids(api.get(LIST, {"search": "umbrella"})) == [soon.pk]
    rows = api.get(LIST, {"ordering": "close_date"}).json()["results"]
    assert [r["id"] for r in rows] == [soon.pk, late.pk]


def test_filters_and_search_never_reach_another_companys_opportunities(api, partner, outsider):
    account = AccountFactory.create(name="Umbrella")
    OpportunityFactory.create(owner=outsider, account=account, stage=Stage.CLOSED_WON)
    for params in (
        {"search": "umbrella"},
        {"stage": "Closed Won"},
        {"account": account.pk},
        {"owner": outsider.pk},
        {"ordering": "-stage"},
    ):
        assert ids(api.get(LIST, params)) == [], params


@pytest.mark.parametrize(
    "params", [{"stage": "Won"}, {"close_date_after": "2027-13-01"}, {"account": "x"}]
)
def test_a_filter_value_it_cannot_read_is_a_400(api, partner, params):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == list(params)
