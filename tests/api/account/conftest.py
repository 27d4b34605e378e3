"""Fixtures of the account API tests: partner users with and without a seat."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole


@pytest.fixture
def exporter(seats, company, member):
    """A partner manager with the export permission, which takes a PRM seat."""
    seats(5)
    return member(company, PartnerRole.MANAGER, can_export=True, is_super_user=True)


@pytest.fixture
def plain_member(company, member):
    """A partner user with no flags and no seat."""
    return member(company, PartnerRole.USER)
