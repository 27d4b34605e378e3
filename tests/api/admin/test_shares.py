"""The shares endpoint: admin's share and unshare actions, through portal.services.sharing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from portal.models import Lead, Opportunity
from portal.selectors.records import leads_visible_to, opportunities_visible_to
from portal.selectors.shares import share_level
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, OpportunityFactory, PartnerAccountFactory

SHARES = "/api/v1/shares/"
LEAD_PERMS = ("portal.view_lead", "portal.change_lead")


@pytest.fixture
def partner(company: PartnerAccount, member: Callable[..., Membership]) -> Membership:
    return member(company, PartnerRole.USER)


@pytest.fixture
def leads(db: None) -> list[Lead]:
    # Every searched field fixed: a generated company or email could contain "Baker" too.
    return [
        LeadFactory.create(
            first_name="Pat",
            last_name=name,
            company=f"Company {n}",
            email=f"{name.lower()}@lead.example.com",
        )
        for n, name in enumerate(("Ames", "Baker", "Cole"))
    ]


@pytest.fixture
def admin_client(
    vendor_admin: Callable[..., User], api_client_for: Callable[[User], APIClient]
) -> APIClient:
    return api_client_for(vendor_admin(*LEAD_PERMS))


def _visible(partner: Membership) -> set[int]:
    return set(leads_visible_to(partner.user).values_list("pk", flat=True))


def test_share_with_a_company_makes_the_records_visible_to_its_members(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    response = admin_client.post(
        SHARES,
        {
            "record_type": "lead",
            "records": [leads[0].pk, leads[1].pk],
            "partner_account": company.pk,
            "level": "edit",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json() == {"count": 2}
    assert _visible(partner) == {leads[0].pk, leads[1].pk}
    assert share_level(leads[0], partner_account=company) == "Read/Write"


def test_list_shows_each_shared_record_with_its_shares(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    share_grant(actor=None, records=[leads[0]], level="edit", partner_account=company)
    share_grant(actor=None, records=[leads[0], leads[2]], level="read", user=partner.user)

    response = admin_client.get(SHARES, {"record_type": "lead", "ordering": "id"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [leads[0].pk, leads[2].pk]
    first = sorted(rows[0]["shares"], key=lambda s: s["target_type"])
    assert [(s["target_type"], s["level"]) for s in first] == [
        ("company", "edit"),
        ("user", "read"),
    ]
    assert first[0]["partner_account"] == {"id": company.pk, "name": "Acme Partners"}
    assert first[1]["user"]["email"] == partner.user.email
    assert rows[0]["name"] == str(leads[0])


def test_list_filters_by_target_and_record(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    share_grant(actor=None, records=[leads[0]], level="read", partner_account=company)
    share_grant(actor=None, records=[leads[1]], level="read", user=partner.user)

    def ids(**params: object) -> list[int]:
        response = admin_client.get(SHARES, {"record_type": "lead", **params})
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(partner_account=company.pk) == [leads[0].pk]
    assert ids(user=partner.user.pk) == [leads[1].pk]
    assert ids(record=leads[1].pk) == [leads[1].pk]
    assert ids(search="Baker") == [leads[1].pk]


@pytest.mark.parametrize(
    "params",
    [{}, {"record_type": "contact"}, {"record_type": "lead", "user": "me"}],
)
def test_missing_or_invalid_record_type_or_filter_is_a_400(
    params: dict[str, str], admin_client: APIClient
) -> None:
    response = admin_client.get(SHARES, params)

    assert response.status_code == 400


def test_revoke_removes_the_share(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    share_grant(actor=None, records=leads, level="read", partner_account=company)

    response = admin_client.post(
        f"{SHARES}revoke/",
        {"record_type": "lead", "records": [leads[0].pk], "partner_account": company.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"count": 1}
    assert _visible(partner) == {leads[1].pk, leads[2].pk}


def test_share_with_both_or_neither_target_is_a_400_and_nothing_changes(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    both = admin_client.post(
        SHARES,
        {
            "record_type": "lead",
            "records": [leads[0].pk],
            "partner_account": company.pk,
            "user": partner.user.pk,
        },
        format="json",
    )
    neither = admin_client.post(
        SHARES, {"record_type": "lead", "records": [leads[0].pk]}, format="json"
    )

    assert both.status_code == neither.status_code == 400
    assert "either a partner account or a user" in both.json()["error"]["message"]
    assert _visible(partner) == set()


def test_share_with_an_inactive_company_or_a_staff_user_is_a_400(
    leads: list[Lead],
    vendor_admin: Callable[..., User],
    admin_client: APIClient,
) -> None:
    inactive = PartnerAccountFactory.create(name="Dormant", is_active=False)

    to_company = admin_client.post(
        SHARES,
        {"record_type": "lead", "records": [leads[0].pk], "partner_account": inactive.pk},
        format="json",
    )
    to_staff = admin_client.post(
        SHARES,
        {"record_type": "lead", "records": [leads[0].pk], "user": vendor_admin().pk},
        format="json",
    )

    assert to_company.status_code == to_staff.status_code == 400
    assert "inactive" in to_company.json()["error"]["message"]
    assert share_level(leads[0], partner_account=inactive) is None


def test_unknown_record_ids_are_a_400_naming_them(
    leads: list[Lead], company: PartnerAccount, partner: Membership, admin_client: APIClient
) -> None:
    response = admin_client.post(
        SHARES,
        {"record_type": "lead", "records": [leads[0].pk, 999999], "partner_account": company.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "999999" in response.json()["error"]["fields"]["records"][0]
    assert _visible(partner) == set()


def test_staff_without_the_change_permission_of_that_type_gets_403(
    leads: list[Lead],
    company: PartnerAccount,
    partner: Membership,
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    opportunity = OpportunityFactory.create()
    client = api_client_for(vendor_admin(*LEAD_PERMS))

    response = client.post(
        SHARES,
        {"record_type": "opportunity", "records": [opportunity.pk], "partner_account": company.pk},
        format="json",
    )
    listed = client.get(SHARES, {"record_type": "opportunity"})

    assert response.status_code == listed.status_code == 403
    assert "portal.change_opportunity" in response.json()["error"]["message"]
    assert not opportunities_visible_to(partner.user).exists()


def test_reader_may_list_but_not_share(
    leads: list[Lead],
    company: PartnerAccount,
    partner: Membership,
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("portal.view_lead"))

    assert client.get(SHARES, {"record_type": "lead"}).status_code == 200
    response = client.post(
        SHARES,
        {"record_type": "lead", "records": [leads[0].pk], "partner_account": company.pk},
        format="json",
    )

    assert response.status_code == 403
    assert _visible(partner) == set()


@pytest.mark.parametrize("flags", [{}, {"is_partner_admin": True}])
def test_partner_users_get_403_and_nothing_changes(
    flags: dict[str, bool],
    leads: list[Lead],
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    api_client_for: Callable[[User], APIClient],
) -> None:
    caller = member(company, PartnerRole.EXECUTIVE, **flags)
    client = api_client_for(caller.user)

    listed = client.get(SHARES, {"record_type": "lead"})
    shared = client.post(
        SHARES,
        {"record_type": "lead", "records": [leads[0].pk], "partner_account": company.pk},
        format="json",
    )

    assert listed.status_code == shared.status_code == 403
    assert _visible(caller) == set()


def test_anonymous_and_wrong_token_get_401(
    leads: list[Lead], company: PartnerAccount, partner: Membership, anonymous_api_client: APIClient
) -> None:
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token pp_wrong")
    body = {"record_type": "lead", "records": [leads[0].pk], "partner_account": company.pk}

    for client in (anonymous_api_client, wrong):
        assert client.get(SHARES, {"record_type": "lead"}).status_code == 401
        assert client.post(SHARES, body, format="json").status_code == 401
    assert _visible(partner) == set()


def test_opportunity_shares_work_the_same_way(
    company: PartnerAccount,
    partner: Membership,
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    opportunity: Opportunity = OpportunityFactory.create()
    client = api_client_for(vendor_admin("portal.view_opportunity", "portal.change_opportunity"))

    response = client.post(
        SHARES,
        {"record_type": "opportunity", "records": [opportunity.pk], "user": partner.user.pk},
        format="json",
    )
    listed = client.get(SHARES, {"record_type": "opportunity"}).json()["results"]

    assert response.status_code == 201
    assert [row["id"] for row in listed] == [opportunity.pk]
    assert list(opportunities_visible_to(partner.user)) == [opportunity]


def test_list_costs_the_same_queries_whatever_the_page_holds(
    company: PartnerAccount,
    partner: Membership,
    admin_client: APIClient,
) -> None:
    def cost(extra: int) -> int:
        records = [LeadFactory.create() for _ in range(extra)]
        share_grant(actor=None, records=records, level="edit", partner_account=company)
        share_grant(actor=None, records=records, level="read", user=partner.user)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(SHARES, {"record_type": "lead"}).status_code == 200
        return len(queries)

    cost(0)  # the token's first use records its last use once
    assert cost(2) == cost(10)
