"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from accounts.services.seats import seat_pool_set
from tests.factories import MembershipFactory, PartnerAccountFactory, VendorAdminFactory

pytest_plugins = ["tests.browser"]


@pytest.fixture
def seats(db: None) -> Callable[[int], None]:
    """Set the number of purchased PRM seats."""

    def set_seats(count: int) -> None:
        seat_pool_set(actor=None, seats_purchased=count)

    return set_seats


@pytest.fixture
def plenty_of_seats(seats: Callable[[int], None]) -> None:
    seats(1000)


@pytest.fixture
def staff(db: None) -> User:
    """A vendor admin: the services check admin's permissions, as Django admin does."""
    return VendorAdminFactory.create(email="staff@vendor.example.com")


@pytest.fixture
def company(db: None) -> PartnerAccount:
    return PartnerAccountFactory.create(name="Acme Partners")


@pytest.fixture
def member(db: None) -> Callable[..., Membership]:
    """Make a partner user: member(company, role=PartnerRole.MANAGER, is_super_user=True)."""

    def make(
        partner_account: PartnerAccount, role: int = PartnerRole.USER, **flags: Any
    ) -> Membership:
        return MembershipFactory.create(partner_account=partner_account, role=role, **flags)

    return make
