"""Fixtures for the seam's wire-shape tests: a mocked partner org at acme.my.salesforce.com.

Tests against the org emulator use `emulator_settings` and `emulated_org` (tests/fixtures/orgs.py);
the URLs and answers of the mocked org are in tests/helpers/salesforce.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses
from pytest_django.fixtures import Settings

from salesforce import OrgCredentials, SalesforceClient
from tests.helpers.salesforce import MY_DOMAIN


@pytest.fixture
def real_salesforce(settings: Settings) -> None:
    """Talk to "real" Salesforce (mocked by responses), never to the emulator."""
    settings.SALESFORCE_EMULATOR_URL = ""
    settings.SALESFORCE_API_VERSION = "62.0"
    settings.SALESFORCE_TIMEOUT_SECONDS = 7


@pytest.fixture
def rsps(real_salesforce: None) -> Iterator[responses.RequestsMock]:
    """Mocked HTTP; every registered answer must be used, and nothing unregistered is sent."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def credentials() -> OrgCredentials:
    return OrgCredentials(MY_DOMAIN, "3MVG9-client-id", "s3cret-value")


@pytest.fixture
def client(real_salesforce: None, credentials: OrgCredentials) -> SalesforceClient:
    return SalesforceClient(credentials, bulk_poll_seconds=0)
