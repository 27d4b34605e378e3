"""Fixtures of the status report tests: the company's people. The Enabled connection and the
exporter are those of the export tests (tests/fixtures/export.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from tests.factories import StaffFactory


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
