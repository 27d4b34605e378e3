"""The seats endpoint: the pool for vendor admins, and the company's share for partner admins."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, SeatPool, User
from tests.factories import PartnerAccountFactory

SEATS = "/api/v1/seats/"


def _purchased() -> int:
    return SeatPool.objects.get(pk=1).seats_purchased


@pytest.fixture
def holders(
    company: PartnerAccount, member: Callable[..., Membership], seats: Callable[[int], None]
) -> dict[str, Membership]:
    """Ten seats; Acme holds two of them, Globex one."""
    seats(10)
    globex = PartnerAccountFactory.create(name="Globex")
    return {
        "admin": member(company, PartnerRole.EXECUTIVE, is_partner_admin=True),
        "exporter": member(company, can_export=True),
        "user": member(company),
        "globex": member(globex, can_export=True),
    }


def test_partner_admin_sees_the_pool_and_their_companys_seats(
    holders: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    response = api_client_for(holders["admin"].user).get(SEATS)

    assert response.status_code == 200
    assert response.json() == {
        "purchased": 10,
        "used": 3,
        "available": 7,
        "is_warning": False,
        "company": {"id": holders["admin"].partner_account_id, "name": "Acme Partners"},
        "company_used": 2,
    }


def test_vendor_admin_sees_the_pool(
    holders: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    response = api_client_for(vendor_admin("accounts.view_seatpool")).get(SEATS)

    assert response.status_code == 200
    body = response.json()
    assert (body["purchased"], body["used"], body["available"]) == (10, 3, 7)
    assert body["company"] is None
    assert body["company_used"] is None


def test_vendor_admin_changes_the_purchased_count(
    holders: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("accounts.change_seatpool"))

    response = client.patch(SEATS, {"seats_purchased": 3}, format="json")

    assert response.status_code == 200
    assert response.json()["available"] == 0
    assert response.json()["is_warning"] is True
    assert _purchased() == 3


def test_shrinking_below_the_seats_in_use_is_409_and_nothing_changes(
    holders: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("accounts.change_seatpool"))

    response = client.patch(SEATS, {"seats_purchased": 2}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "3 seats are in use; the pool cannot shrink to 2. Free seats first."
    )
    assert _purchased() == 10


@pytest.mark.parametrize("value", [-1, "many", None, 2**70])
def test_invalid_purchased_count_is_a_400(
    value: object,
    holders: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(vendor_admin("accounts.change_seatpool"))

    response = client.patch(SEATS, {"seats_purchased": value}, format="json")
    missing = client.patch(SEATS, {}, format="json")

    assert response.status_code == missing.status_code == 400
    assert "seats_purchased" in missing.json()["error"]["fields"]
    assert "seats_purchased" in response.json()["error"]["fields"]
    assert _purchased() == 10


def test_partner_admin_may_not_change_the_pool(
    holders: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    response = api_client_for(holders["admin"].user).patch(
        SEATS, {"seats_purchased": 500}, format="json"
    )

    assert response.status_code == 403
    assert _purchased() == 10


@pytest.mark.parametrize("who", ["exporter", "user"])
def test_partner_users_who_are_not_admins_get_403(
    who: str, holders: dict[str, Membership], api_client_for: Callable[[User], APIClient]
) -> None:
    client = api_client_for(holders[who].user)

    assert client.get(SEATS).status_code == 403
    assert client.patch(SEATS, {"seats_purchased": 500}, format="json").status_code == 403
    assert _purchased() == 10


def test_staff_without_the_seat_pool_permissions_get_403(
    holders: dict[str, Membership],
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    reader = api_client_for(vendor_admin("accounts.view_seatpool"))
    nobody = api_client_for(vendor_admin())

    write = reader.patch(SEATS, {"seats_purchased": 500}, format="json")

    assert write.status_code == 403
    assert "accounts.change_seatpool" in write.json()["error"]["message"]
    assert nobody.get(SEATS).status_code == 403
    assert _purchased() == 10


def test_anonymous_and_wrong_token_get_401(
    holders: dict[str, Membership], anonymous_api_client: APIClient
) -> None:
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token pp_wrong")

    for client in (anonymous_api_client, wrong):
        assert client.get(SEATS).status_code == 401
        assert client.patch(SEATS, {"seats_purchased": 1}, format="json").status_code == 401
    assert _purchased() == 10
