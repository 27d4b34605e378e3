"""Fixtures of the connection and mapping tests: describes; admins on both sides and a Pending
connection (tests/fixtures/connect.py); a Pending connection to an emulated org."""

from __future__ import annotations

import pytest

from salesforce import ObjectDescribe
from sync.crypto import secret_encrypt
from sync.models import Connection
from tests.factories.sync import ConnectionFactory
from tests.fixtures.connect import connection, partner_admin, vendor_admin  # noqa: F401
from tests.helpers.orgs import describe_of


@pytest.fixture
def lead_describe() -> ObjectDescribe:
    return describe_of("Lead")


@pytest.fixture
def opportunity_describe() -> ObjectDescribe:
    return describe_of("Opportunity")


@pytest.fixture
def org_connection(emulator_settings, emulated_org, company, vendor_admin) -> Connection:  # noqa: F811
    """The company's Pending connection to an emulated org, with its credentials, no mapping."""
    return ConnectionFactory.create(
        partner_account=company,
        my_domain=emulated_org.host,
        client_id=emulated_org.client_id,
        client_secret_encrypted=secret_encrypt(emulated_org.client_secret),
        invited_by=vendor_admin,
    )
