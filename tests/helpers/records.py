"""Records shared with a user, as the record tests need them."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from portal.models import Lead, Opportunity
from portal.selectors.shares import AccessLevel
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, OpportunityFactory


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
