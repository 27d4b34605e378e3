"""Fixtures of the account API tests: people with and without a company, and a clean cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from accounts.models import PartnerRole


@pytest.fixture(autouse=True)
def clean_throttle_history():
    """DRF keeps throttle history in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def exporter(seats, company, member):
    """A partner manager with the export permission, which takes a PRM seat."""
    seats(5)
    return member(company, PartnerRole.MANAGER, can_export=True, is_super_user=True)


@pytest.fixture
def plain_member(company, member):
    """A partner user with no flags and no seat."""
    return member(company, PartnerRole.USER)
