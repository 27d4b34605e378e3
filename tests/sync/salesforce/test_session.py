"""The session: a timeout on every request, our User-Agent, counting."""

from __future__ import annotations

from typing import Any

import responses
from pytest_django.fixtures import Settings
from requests.adapters import HTTPAdapter

from salesforce import SalesforceClient, session_build
from salesforce.session import USER_AGENT
from salesforce.transport import EmulatorAdapter
from tests.helpers.salesforce import DATA, TOKEN_URL, sf_error, token_ok
from tests.sync.salesforce.test_bulk import FAILED, RECORDS, SUCCESSFUL, bulk_job_ok
from tests.sync.salesforce.test_describe import LEAD_DESCRIBE


def timeout_of(call: Any) -> object:
    """The timeout requests handed the adapter (responses keeps the send() keywords)."""
    return getattr(call.request, "req_kwargs")["timeout"]


def test_every_request_carries_the_configured_timeout(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(f"{DATA}sobjects/Lead/describe/", json=LEAD_DESCRIBE)
    rsps.get(f"{DATA}query/", json={"totalSize": 0, "done": True, "records": []})
    rsps.patch(
        f"{DATA}composite/sobjects/Lead/Vendor_Record_Id__c",
        status=401,
        json=sf_error("INVALID_SESSION_ID", "Session expired or invalid"),
    )
    token_ok(rsps)
    rsps.patch(
        f"{DATA}composite/sobjects/Lead/Vendor_Record_Id__c",
        json=[{"id": "00Q5g00000A0000001", "success": True, "errors": [], "created": True}],
    )
    bulk_job_ok(rsps, SUCCESSFUL, FAILED)

    client.describe("Lead")
    client.query("SELECT Id FROM Lead")
    client.upsert_many("Lead", "Vendor_Record_Id__c", [{"Vendor_Record_Id__c": "L-1"}])
    client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)

    assert len(rsps.calls) == 13
    assert [timeout_of(call) for call in rsps.calls] == [7] * 13
    assert client.requests_made == 13


def test_an_explicit_timeout_is_kept(rsps: responses.RequestsMock) -> None:
    rsps.get("https://acme.my.salesforce.com/ping", body="ok")
    session = session_build()

    session.get("https://acme.my.salesforce.com/ping", timeout=2.5)

    assert timeout_of(rsps.calls[0]) == 2.5


def test_the_timeout_comes_from_settings_when_the_session_is_built(
    rsps: responses.RequestsMock, settings: Settings
) -> None:
    settings.SALESFORCE_TIMEOUT_SECONDS = 3
    rsps.post(TOKEN_URL, json={})

    session_build().post(TOKEN_URL, data={"grant_type": "client_credentials"})

    assert timeout_of(rsps.calls[0]) == 3


def test_requests_carry_our_user_agent(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(f"{DATA}limits/", json={})

    client.limits()

    assert {call.request.headers["User-Agent"] for call in rsps.calls} == {USER_AGENT}


def test_without_an_emulator_url_nothing_is_mounted_on_https(real_salesforce: None) -> None:
    session = session_build()

    assert type(session.get_adapter("https://acme.my.salesforce.com")) is HTTPAdapter


def test_with_an_emulator_url_https_goes_through_the_emulator_adapter(
    settings: Settings,
) -> None:
    settings.SALESFORCE_EMULATOR_URL = "http://127.0.0.1:1"

    adapter = session_build().get_adapter("https://acme.my.salesforce.com/services/oauth2/token")

    assert isinstance(adapter, EmulatorAdapter)
    assert adapter.base_url == "http://127.0.0.1:1"


def test_two_clients_on_one_session_each_count_from_their_start(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(f"{DATA}limits/", json={})
    client.limits()

    other = SalesforceClient(client.credentials, session=client.session)

    assert (client.requests_made, other.requests_made) == (2, 0)
