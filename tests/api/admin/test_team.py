"""The team endpoint: the partner admin's team page, and membership changes for vendor admins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from tests.factories import PartnerAccountFactory

TEAM = "/api/v1/team/"


def _flags(membership: Membership) -> tuple[Any, ...]:
    membership.refresh_from_db()
    return (
        membership.role,
        membership.is_super_user,
        membership.is_partner_admin,
        membership.can_export,
        membership.is_active,
    )


@pytest.fixture
def team(
    company: PartnerAccount, member: Callable[..., Membership], plenty_of_seats: None
) -> dict[str, Membership]:
    """A partner admin, a manager and a user in Acme; a member of another company."""
    other = PartnerAccountFactory.create(name="Globex")
    return {
        "admin": member(company, PartnerRole.EXECUTIVE, is_partner_admin=True),
        "manager": member(company, PartnerRole.MANAGER),
        "user": member(company, PartnerRole.USER),
        "stranger": member(other, PartnerRole.USER),
    }


def test_partner_admin_lists_exactly_their_company(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    response = api_client_for(team["admin"].user).get(TEAM, {"ordering": "email"})

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {team["admin"].pk, team["manager"].pk, team["user"].pk}
    admin_row = next(r for r in response.json()["results"] if r["id"] == team["admin"].pk)
    assert admin_row["role"] == "executive"
    assert admin_row["holds_seat"] is True
    assert admin_row["partner_account"] == {
        "id": team["admin"].partner_account_id,
        "name": "Acme Partners",
    }


def test_partner_admin_filters_and_searches_their_team(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    client = api_client_for(team["admin"].user)

    by_role = client.get(TEAM, {"role": "manager"}).json()["results"]
    by_email = client.get(TEAM, {"search": team["user"].user.email}).json()["results"]

    assert [row["id"] for row in by_role] == [team["manager"].pk]
    assert [row["id"] for row in by_email] == [team["user"].pk]


def test_filter_by_other_company_reveals_nothing_to_a_partner_admin(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    other_company = team["stranger"].partner_account_id
    response = api_client_for(team["admin"].user).get(TEAM, {"partner_account": other_company})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_invalid_filter_or_ordering_is_a_400(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    client = api_client_for(team["admin"].user)

    assert client.get(TEAM, {"role": "boss"}).status_code == 400
    assert client.get(TEAM, {"partner_account": "x"}).status_code == 400
    assert client.get(TEAM, {"partner_account": str(10**30)}).status_code == 400


def test_partner_admin_changes_a_colleagues_role(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    target = team["user"]
    response = api_client_for(team["admin"].user).patch(
        f"{TEAM}{target.pk}/", {"role": "manager"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["role"] == "manager"
    target.refresh_from_db()
    assert target.role == PartnerRole.MANAGER


def test_partner_admin_may_not_change_flags_and_nothing_changes(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    target = team["user"]
    before = _flags(target)

    response = api_client_for(team["admin"].user).patch(
        f"{TEAM}{target.pk}/", {"role": "manager", "can_export": True}, format="json"
    )

    assert response.status_code == 403
    assert "roles only" in response.json()["error"]["message"]
    assert _flags(target) == before


def test_member_of_another_company_is_404_for_a_partner_admin(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    stranger = team["stranger"]
    before = _flags(stranger)
    client = api_client_for(team["admin"].user)

    read = client.get(f"{TEAM}{stranger.pk}/")
    write = client.patch(f"{TEAM}{stranger.pk}/", {"role": "manager"}, format="json")
    missing = client.get(f"{TEAM}999999/")

    assert read.status_code == write.status_code == missing.status_code == 404
    assert read.json() == missing.json()
    assert _flags(stranger) == before


def test_role_the_company_does_not_use_is_a_400(
    member: Callable[..., Membership],
    plenty_of_seats: None,
    api_client_for: Callable[[User], APIClient],
) -> None:
    small = PartnerAccountFactory.create(name="Small", role_count=2)
    admin = member(small, PartnerRole.MANAGER, is_partner_admin=True)
    target = member(small, PartnerRole.USER)

    response = api_client_for(admin.user).patch(
        f"{TEAM}{target.pk}/", {"role": "executive"}, format="json"
    )

    assert response.status_code == 400
    assert "Executive is not one of them" in response.json()["error"]["message"]
    target.refresh_from_db()
    assert target.role == PartnerRole.USER


@pytest.mark.parametrize("who", ["manager", "user"])
def test_partner_users_who_are_not_admins_get_403_and_change_nothing(
    who: str, team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    client = api_client_for(team[who].user)
    target = team["user"]
    before = _flags(target)

    listed = client.get(TEAM)
    read = client.get(f"{TEAM}{target.pk}/")
    write = client.patch(f"{TEAM}{target.pk}/", {"role": "manager"}, format="json")

    assert listed.status_code == read.status_code == write.status_code == 403
    assert "partner admins" in listed.json()["error"]["message"]
    assert _flags(target) == before


def test_anonymous_and_wrong_token_get_401(
    team: dict[str, Membership], anonymous_api_client: APIClient
) -> None:
    target = team["user"]
    before = _flags(target)
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token pp_not-a-real-token")

    for client in (anonymous_api_client, wrong):
        assert client.get(TEAM).status_code == 401
        patch = client.patch(f"{TEAM}{target.pk}/", {"role": "manager"}, format="json")
        assert patch.status_code == 401
    assert _flags(target) == before


def test_vendor_admin_lists_every_company_and_filters_by_one(
    team: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("accounts.view_membership"))

    everyone = client.get(TEAM).json()["results"]
    globex = client.get(TEAM, {"partner_account": team["stranger"].partner_account_id})

    assert {row["id"] for row in everyone} == {m.pk for m in team.values()}
    assert [row["id"] for row in globex.json()["results"]] == [team["stranger"].pk]


def test_vendor_admin_grants_export_through_the_seat_rule(
    team: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    target = team["stranger"]
    client = api_client_for(vendor_admin("accounts.view_membership", "accounts.change_membership"))

    response = client.patch(f"{TEAM}{target.pk}/", {"can_export": True}, format="json")

    assert response.status_code == 200
    assert response.json()["holds_seat"] is True
    target.refresh_from_db()
    assert target.can_export is True


def test_vendor_admin_deactivates_a_member_which_frees_the_seat(
    team: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    target = team["admin"]
    client = api_client_for(vendor_admin("accounts.change_membership"))

    response = client.patch(f"{TEAM}{target.pk}/", {"is_active": False}, format="json")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["holds_seat"] is False


def test_seat_limit_reached_is_409_and_nothing_changes(
    company: PartnerAccount,
    member: Callable[..., Membership],
    seats: Callable[[int], None],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    seats(1)
    member(company, is_partner_admin=True)
    target = member(company)
    before = _flags(target)
    client = api_client_for(vendor_admin("accounts.change_membership"))

    response = client.patch(f"{TEAM}{target.pk}/", {"can_export": True}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "seat_limit_reached"
    assert "0 of 1 are free" in response.json()["error"]["message"]
    assert _flags(target) == before


def test_staff_without_the_membership_permission_gets_403(
    team: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    target = team["user"]
    before = _flags(target)
    reader = api_client_for(vendor_admin("accounts.view_membership"))
    nobody = api_client_for(vendor_admin())

    write = reader.patch(f"{TEAM}{target.pk}/", {"is_active": False}, format="json")
    read = nobody.get(TEAM)

    assert write.status_code == read.status_code == 403
    assert "accounts.change_membership" in write.json()["error"]["message"]
    assert _flags(target) == before


def test_empty_change_is_a_400(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    response = api_client_for(team["admin"].user).patch(
        f"{TEAM}{team['user'].pk}/", {}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Send at least one of")


def test_cursor_pages_walk_the_whole_team_once(
    team: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    client = api_client_for(team["admin"].user)
    seen: list[int] = []
    url: str | None = f"{TEAM}?page_size=1&ordering=-last_name"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(m.pk for k, m in team.items() if k != "stranger")


def test_list_costs_the_same_queries_whatever_the_team_size(
    team: dict[str, Membership],
    member: Callable[..., Membership],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(team["admin"].user)
    company = team["admin"].partner_account

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TEAM).status_code == 200
        return len(queries)

    cost()  # the token's first use records its last use once
    small = cost()
    for _ in range(8):
        member(company, can_export=True)
    assert cost() == small
