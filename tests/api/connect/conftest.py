"""Fixtures of the Partner Connect API tests: a vendor admin and a second company that must never
show. The company, connection, people, leads and emulated org are those of the export tests
(tests/fixtures/export.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from portal.models import Lead
from sync.models import Connection
from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import enabled_connection

VENDOR_PERMS = (
    "view_connection",
    "change_connection",
    "delete_connection",
    "view_objectmapping",
    "change_objectmapping",
    "view_recordmap",
)


@pytest.fixture
def vendor_admin(db: None) -> User:
    """Vendor staff holding the Partner Connect permissions admin asks for."""
    user = StaffFactory.create(email="vendor.admin@vendor.example.com")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="sync", codename__in=VENDOR_PERMS)
    )
    return user


@pytest.fixture
def other_company(db: None) -> PartnerAccount:
    return PartnerAccountFactory.create(name="Globex Resellers")


@pytest.fixture
def other_connection(other_company: PartnerAccount) -> Connection:
    return enabled_connection(partner_account=other_company)


@pytest.fixture
def other_exporter(
    plenty_of_seats: None, other_company: PartnerAccount, member: Callable[..., Membership]
) -> User:
    return member(other_company, PartnerRole.USER, can_export=True).user


@pytest.fixture
def foreign_lead(other_exporter: User) -> Lead:
    """A lead of the other company, which the exporter cannot see."""
    return LeadFactory.create(owner=other_exporter, last_name="Secret Globex Lead")
