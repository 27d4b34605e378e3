"""Fixtures of the status report tests: a company with an Enabled connection and its people."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from sync.models import Connection
from tests.factories import StaffFactory
from tests.sync.factories import enabled_connection


@pytest.fixture
def connection(company: PartnerAccount) -> Connection:
    """The company's Enabled connection with active standard mappings (no org behind it)."""
    return enabled_connection(partner_account=company)


@pytest.fixture
def exporter(
    plenty_of_seats: None, company: PartnerAccount, member: Callable[..., Membership]
) -> User:
    """A partner user of the company with a seat and the export permission."""
    return member(company, PartnerRole.USER, can_export=True).user


@pytest.fixture
def partner_admin(
    plenty_of_seats: None, company: PartnerAccount, member: Callable[..., Membership]
) -> User:
    """The company's partner admin, who may also export."""
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True).user


@pytest.fixture
def vendor_admin(db: None) -> User:
    """A vendor admin of Django admin."""
    return StaffFactory.create(is_superuser=True)
