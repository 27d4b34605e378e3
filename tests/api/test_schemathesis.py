"""Property-based run of schemathesis against the live OpenAPI schema, through the WSGI app.

Every operation in the schema is exercised, as a partner user (partner admin with a PRM seat
and the export permission, in a company with shared leads, opportunities and an Enabled
connection) and as a vendor admin. No response may be a server error, and every response must
match the schema (status code and body).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import PartnerRole
from api.tokens.services import token_create
from config.wsgi import application
from portal.services.sharing import share_grant
from tests.factories import (
    AccountFactory,
    ContactFactory,
    LeadFactory,
    OpportunityFactory,
    StaffFactory,
)
from tests.factories.sync import enabled_connection

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# Bounded for CI: the same examples every run, and no per-example time limit.
RUN = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def app_in_the_test_transaction() -> Iterator[None]:
    """Keep the WSGI app on the test's connection, as Django's test client does.

    Django closes a connection whose autocommit differs from its settings at each request's
    start and end; inside the test's transaction that would drop the test data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def no_throttling(settings) -> None:
    """One operation's run sends hundreds of requests; the throttles are tested on their own."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"},
    }


@pytest.fixture
def partner_token(seats, company, member) -> str:
    seats(10)
    partner = member(company, PartnerRole.MANAGER, can_export=True, is_partner_admin=True)
    member(company, PartnerRole.USER)
    owner = StaffFactory.create()
    leads = LeadFactory.create_batch(3, owner=owner)
    opportunities = OpportunityFactory.create_batch(2, owner=owner)
    account = AccountFactory.create(owner=owner)
    ContactFactory.create(owner=owner, account=account)
    share_grant(actor=None, records=leads, level="edit", partner_account=company)
    share_grant(actor=None, records=opportunities, level="read", partner_account=company)
    share_grant(actor=None, records=[account], level="read", partner_account=company)
    enabled_connection(partner_account=company)
    _, secret = token_create(actor=partner.user, name="schemathesis", expiry_days=None)
    return secret


@pytest.fixture
def vendor_admin_token(db: None) -> str:
    boss = StaffFactory.create(is_superuser=True)
    AccountFactory.create(owner=boss)
    _, secret = token_create(actor=boss, name="schemathesis", expiry_days=None)
    return secret


@schema.parametrize()
@RUN
def test_api_as_a_partner_user(case, partner_token):
    case.call_and_validate(headers={"Authorization": f"Token {partner_token}"}, checks=CHECKS)


@schema.parametrize()
@RUN
def test_api_as_a_vendor_admin(case, vendor_admin_token):
    case.call_and_validate(headers={"Authorization": f"Token {vendor_admin_token}"}, checks=CHECKS)
