"""Fixtures for the seam's wire-shape tests: a mocked partner org at acme.my.salesforce.com.

Tests against the org emulator use `emulator_settings` and `emulated_org` (tests/sync/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from pytest_django.fixtures import Settings

from salesforce import OrgCredentials, SalesforceClient

MY_DOMAIN = "acme.my.salesforce.com"
TOKEN_URL = f"https://{MY_DOMAIN}/services/oauth2/token"
DATA = f"https://{MY_DOMAIN}/services/data/v62.0/"
ORG_ID = "00D5g000004ABCDEA2"
USER_ID = "0055g00000ABCDEAA4"
TOKEN_BODY: dict[str, Any] = {
    "access_token": "00D5g000004ABCD!token-1",
    "instance_url": f"https://{MY_DOMAIN}",
    "id": f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
    "token_type": "Bearer",
    "issued_at": "1767225600000",
    "signature": "c2lnbmF0dXJl",
}


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


def token_ok(rsps: responses.RequestsMock, access_token: str = "00D5g000004ABCD!token-1") -> None:
    """Register one successful client-credentials token answer."""
    rsps.post(TOKEN_URL, json={**TOKEN_BODY, "access_token": access_token})


def sf_error(code: str, message: str, fields: list[str] | None = None) -> list[dict[str, Any]]:
    """A Salesforce REST error body."""
    body: dict[str, Any] = {"message": message, "errorCode": code}
    if fields is not None:
        body["fields"] = fields
    return [body]
