"""Fixtures of the record API tests: a partner user, a colleague, an outsider and their clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from portal.models import Lead, Opportunity
from portal.selectors.shares import AccessLevel
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, OpportunityFactory, PartnerAccountFactory


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


def shared_lead(user: User, level: AccessLevel, **values: Any) -> Lead:
    """A vendor-owned lead shared with ``user`` at ``level``."""
    lead = LeadFactory.create(**values)
    share_grant(actor=None, records=[lead], level=level, user=user)
    return lead


def shared_opportunity(user: User, level: AccessLevel, **values: Any) -> Opportunity:
    """A vendor-owned opportunity shared with ``user`` at ``level``."""
    opportunity = OpportunityFactory.create(**values)
    share_grant(actor=None, records=[opportunity], level=level, user=user)
    return opportunity


def error_of(response: Any) -> dict[str, Any]:
    """The error object of an API error response."""
    return response.json()["error"]
