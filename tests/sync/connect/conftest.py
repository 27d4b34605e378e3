"""Fixtures of the connection and mapping tests: describes; admins on both sides and a Pending
connection (tests/fixtures/connect.py)."""

from __future__ import annotations

import pytest

from salesforce import ObjectDescribe
from tests.fixtures.connect import connection, partner_admin, vendor_admin  # noqa: F401
from tests.helpers.orgs import describe_of


@pytest.fixture
def lead_describe() -> ObjectDescribe:
    return describe_of("Lead")


@pytest.fixture
def opportunity_describe() -> ObjectDescribe:
    return describe_of("Opportunity")
