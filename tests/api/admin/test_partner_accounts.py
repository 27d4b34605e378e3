"""The partner accounts endpoint: admin's partner companies, saved through their services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, Region, Tier, User
from tests.factories import PartnerAccountFactory

ACCOUNTS = "/api/v1/partner-accounts/"
ALL_PERMS = (
    "accounts.view_partneraccount",
    "accounts.add_partneraccount",
    "accounts.change_partneraccount",
)


@pytest.fixture
def admin_client(
    vendor_admin: Callable[..., User], api_client_for: Callable[[User], APIClient]
) -> APIClient:
    return api_client_for(vendor_admin(*ALL_PERMS))


def _row(account: PartnerAccount) -> tuple[Any, ...]:
    account.refresh_from_db()
    return (account.name, account.tier, account.parent_id, account.is_active)


def _chain(levels: int) -> list[PartnerAccount]:
    """Partner accounts each the child of the one before."""
    chain: list[PartnerAccount] = []
    for level in range(levels):
        parent = chain[-1] if chain else None
        chain.append(PartnerAccountFactory.create(name=f"Level {level + 1}", parent=parent))
    return chain


def test_list_filters_by_tier_region_program_and_parent(admin_client: APIClient) -> None:
    root = PartnerAccountFactory.create(name="Root", tier=Tier.GOLD, region=Region.EMEA)
    child = PartnerAccountFactory.create(name="Child", parent=root, program="msp")
    PartnerAccountFactory.create(name="Other")

    def names(**params: Any) -> list[str]:
        response = admin_client.get(ACCOUNTS, params)
        assert response.status_code == 200
        return [row["name"] for row in response.json()["results"]]

    assert names() == ["Child", "Other", "Root"]
    assert names(tier="gold") == names(region="emea") == ["Root"]
    assert names(program="msp") == names(parent=root.pk) == [child.name]
    assert names(search="Oth") == ["Other"]
    assert names(ordering="-name") == ["Root", "Other", "Child"]


@pytest.mark.parametrize(
    "params", [{"tier": "diamond"}, {"parent": "abc"}, {"parent": str(10**20)}]
)
def test_invalid_filter_is_a_400(params: dict[str, str], admin_client: APIClient) -> None:
    assert admin_client.get(ACCOUNTS, params).status_code == 400


def test_retrieve_shows_the_seats_in_use(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    admin_client: APIClient,
) -> None:
    member(company, is_partner_admin=True)
    member(company, can_export=True)
    member(company)

    response = admin_client.get(f"{ACCOUNTS}{company.pk}/")

    assert response.status_code == 200
    assert response.json()["seats_used"] == 2
    assert admin_client.get(f"{ACCOUNTS}999999/").status_code == 404


def test_create_goes_through_the_service_with_its_group(admin_client: APIClient) -> None:
    parent = PartnerAccountFactory.create(name="Parent")

    response = admin_client.post(
        ACCOUNTS,
        {"name": "Initech", "tier": "silver", "parent": parent.pk, "role_count": 2},
        format="json",
    )

    assert response.status_code == 201
    account = PartnerAccount.objects.get(name="Initech")
    assert response.json()["id"] == account.pk
    assert (account.tier, account.parent, account.role_count) == (Tier.SILVER, parent, 2)
    assert account.group == Group.objects.get(name="Partner account: Initech")


def test_duplicate_name_is_a_400_on_the_field(
    company: PartnerAccount, admin_client: APIClient
) -> None:
    response = admin_client.post(ACCOUNTS, {"name": company.name}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]
    assert PartnerAccount.objects.count() == 1


def test_update_changes_details_and_deactivates(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    admin_client: APIClient,
) -> None:
    member(company, is_partner_admin=True)

    response = admin_client.patch(
        f"{ACCOUNTS}{company.pk}/", {"tier": "platinum", "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["seats_used"] == 0
    assert _row(company) == ("Acme Partners", Tier.PLATINUM, None, False)


def test_hierarchy_deeper_than_five_levels_is_a_400_and_nothing_changes(
    admin_client: APIClient,
) -> None:
    chain = _chain(5)
    lone = PartnerAccountFactory.create(name="Lone")
    before = _row(lone)

    response = admin_client.patch(f"{ACCOUNTS}{lone.pk}/", {"parent": chain[-1].pk}, format="json")

    assert response.status_code == 400
    assert "at most 5 are allowed" in response.json()["error"]["message"]
    assert _row(lone) == before


def test_cycle_is_a_400_and_nothing_changes(admin_client: APIClient) -> None:
    top, below = _chain(2)
    before = _row(top)

    response = admin_client.patch(f"{ACCOUNTS}{top.pk}/", {"parent": below.pk}, format="json")

    assert response.status_code == 400
    assert "cannot be its own ancestor" in response.json()["error"]["message"]
    assert _row(top) == before


def test_reactivating_without_free_seats_is_409_and_nothing_changes(
    company: PartnerAccount,
    member: Callable[..., Membership],
    seats: Callable[[int], None],
    admin_client: APIClient,
) -> None:
    seats(1)
    member(company, is_partner_admin=True)
    admin_client.patch(f"{ACCOUNTS}{company.pk}/", {"is_active": False}, format="json")
    member(PartnerAccountFactory.create(name="Globex"), can_export=True)

    response = admin_client.patch(
        f"{ACCOUNTS}{company.pk}/", {"tier": "gold", "is_active": True}, format="json"
    )

    assert response.status_code == 409
    assert _row(company) == ("Acme Partners", Tier.REGISTERED, None, False)


def test_fewer_roles_than_members_hold_is_a_400(
    company: PartnerAccount,
    member: Callable[..., Membership],
    admin_client: APIClient,
) -> None:
    member(company, PartnerRole.EXECUTIVE)

    response = admin_client.patch(f"{ACCOUNTS}{company.pk}/", {"role_count": 2}, format="json")

    assert response.status_code == 400
    company.refresh_from_db()
    assert company.role_count == 3


def test_staff_without_change_permission_gets_403_and_nothing_changes(
    company: PartnerAccount,
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("accounts.view_partneraccount"))
    before = _row(company)

    assert client.get(ACCOUNTS).status_code == 200
    response = client.patch(f"{ACCOUNTS}{company.pk}/", {"tier": "gold"}, format="json")
    created = client.post(ACCOUNTS, {"name": "New"}, format="json")

    assert response.status_code == created.status_code == 403
    assert "accounts.change_partneraccount" in response.json()["error"]["message"]
    assert _row(company) == before
    assert PartnerAccount.objects.count() == 1


def test_partner_admin_gets_403_and_nothing_changes(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(member(company, is_partner_admin=True).user)
    before = _row(company)

    assert client.get(ACCOUNTS).status_code == 403
    assert client.get(f"{ACCOUNTS}{company.pk}/").status_code == 403
    patch = client.patch(f"{ACCOUNTS}{company.pk}/", {"tier": "gold"}, format="json")
    assert patch.status_code == 403
    assert client.post(ACCOUNTS, {"name": "Mine"}, format="json").status_code == 403
    assert _row(company) == before
    assert PartnerAccount.objects.count() == 1


def test_anonymous_and_wrong_token_get_401(
    company: PartnerAccount, anonymous_api_client: APIClient
) -> None:
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token pp_wrong")
    before = _row(company)

    for client in (anonymous_api_client, wrong):
        assert client.get(ACCOUNTS).status_code == 401
        patch = client.patch(f"{ACCOUNTS}{company.pk}/", {"tier": "gold"}, format="json")
        assert patch.status_code == 401
    assert _row(company) == before


@pytest.mark.parametrize(
    "body",
    [{"parent": 10**20}, {"parent": "top"}, {"channel_manager": 2**63}, {"tier": "diamond"}],
)
def test_invalid_input_is_a_400_on_its_field(
    body: dict[str, Any], company: PartnerAccount, admin_client: APIClient
) -> None:
    before = _row(company)

    response = admin_client.patch(f"{ACCOUNTS}{company.pk}/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(body)
    assert _row(company) == before


def test_long_names_that_would_share_a_sharing_group_are_a_400(admin_client: APIClient) -> None:
    first = admin_client.post(ACCOUNTS, {"name": "x" * 140 + "a"}, format="json")
    second = admin_client.post(ACCOUNTS, {"name": "x" * 140 + "b"}, format="json")
    short = PartnerAccountFactory.create(name="Short")
    renamed = admin_client.patch(f"{ACCOUNTS}{short.pk}/", {"name": "x" * 140 + "c"}, format="json")

    assert first.status_code == 201
    assert second.status_code == renamed.status_code == 400
    assert "differs sooner" in second.json()["error"]["message"]
    assert PartnerAccount.objects.count() == 2
    assert _row(short)[0] == "Short"
