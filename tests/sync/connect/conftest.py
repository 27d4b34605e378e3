"""Fixtures of the connection and mapping tests: admins on both sides, a connection, describes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import PartnerRole
from salesforce import ObjectDescribe
from sync.models import Connection
from tests.factories import StaffFactory
from tests.factories.sync import ConnectionFactory
from tests.helpers.orgs import describe_of

SYNC_PERMS = ("change_connection", "view_connection", "change_objectmapping", "view_objectmapping")


@pytest.fixture
def vendor_admin(db):
    user = StaffFactory.create(email="vendor.admin@vendor.example.com", first_name="Vera")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="sync", codename__in=SYNC_PERMS)
    )
    return user


@pytest.fixture
def partner_admin(plenty_of_seats, company, member):
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True)


@pytest.fixture
def connection(company, partner_admin, vendor_admin) -> Connection:
    """A Pending connection of the company, invited by the vendor admin, no credentials yet."""
    return ConnectionFactory.create(
        partner_account=company,
        my_domain="",
        client_id="",
        client_secret_encrypted="",
        invited_by=vendor_admin,
    )


@pytest.fixture
def lead_describe() -> ObjectDescribe:
    return describe_of("Lead")


@pytest.fixture
def opportunity_describe() -> ObjectDescribe:
    return describe_of("Opportunity")
