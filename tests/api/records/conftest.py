"""Fixtures of the record API tests: a partner user, a colleague, an outsider and their clients."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from tests.factories import PartnerAccountFactory


@pytest.fixture
def partner(company: PartnerAccount, member: Callable[..., Membership]) -> User:
    """A partner user of the company with the User role, no flags and so no PRM seat."""
    return member(company, PartnerRole.USER).user


@pytest.fixture
def other_company(db: None) -> PartnerAccount:
    return PartnerAccountFactory.create(name="Globex Partners")


@pytest.fixture
def outsider(other_company: PartnerAccount, member: Callable[..., Membership]) -> User:
    """A partner user of another company."""
    return member(other_company, PartnerRole.EXECUTIVE, is_super_user=True).user


@pytest.fixture
def api(partner: User, api_client_for: Callable[[User], APIClient]) -> APIClient:
    """The partner's API client, with a real personal token."""
    return api_client_for(partner)
