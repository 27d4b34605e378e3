"""Login: OAuth 2.0 client credentials on the org's My Domain, lazily, through our session."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pytest
import requests
import responses

from salesforce import (
    Identity,
    OrgCredentials,
    SalesforceAuthFailed,
    SalesforceCallFailed,
    SalesforceClient,
    SalesforceTransient,
    my_domain_normalise,
)
from tests.helpers.salesforce import DATA, ORG_ID, TOKEN_URL, USER_ID, token_ok


def test_client_sends_nothing_until_the_first_call(client: SalesforceClient) -> None:
    with responses.RequestsMock():
        assert client.requests_made == 0


def test_token_request_is_client_credentials_on_the_my_domain(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)

    client.identity()

    request = rsps.calls[0].request
    assert request.method == "POST"
    assert request.url == TOKEN_URL
    assert parse_qs(str(request.body)) == {"grant_type": ["client_credentials"]}
    basic = base64.b64encode(b"3MVG9-client-id:s3cret-value").decode()
    assert request.headers["Authorization"] == f"Basic {basic}"
    assert client.requests_made == 1


def test_identity_comes_from_the_token_answer_id_url(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)

    assert client.identity() == Identity(
        user_id=USER_ID, org_id=ORG_ID, instance_url="https://acme.my.salesforce.com"
    )
    assert client.identity().user_id == USER_ID
    assert client.requests_made == 1


def test_calls_use_the_token_and_the_instance_from_the_token_answer(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    rsps.post(
        TOKEN_URL,
        json={
            "access_token": "tok-42",
            "instance_url": "https://acme.my.salesforce.com",
            "id": f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
        },
    )
    rsps.get(f"{DATA}limits/", json={"DailyApiRequests": {"Max": 15000, "Remaining": 14990}})

    assert client.limits() == {"DailyApiRequests": {"Max": 15000, "Remaining": 14990}}
    assert rsps.calls[1].request.headers["Authorization"] == "Bearer tok-42"
    assert client.requests_made == 2


def test_refused_credentials_raise_auth_failed_with_the_oauth_error(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    rsps.post(
        TOKEN_URL,
        status=400,
        json={"error": "invalid_client", "error_description": "invalid client credentials"},
    )

    with pytest.raises(SalesforceAuthFailed) as raised:
        client.identity()

    assert raised.value.error_code == "invalid_client"
    assert "invalid client credentials" in raised.value.message
    assert client.requests_made == 1


def test_a_token_endpoint_answering_503_is_transient_not_an_auth_failure(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    rsps.post(TOKEN_URL, status=503, body="<html>Service Unavailable</html>")

    with pytest.raises(SalesforceTransient) as raised:
        client.identity()

    assert raised.value.status == 503


def test_an_unreachable_my_domain_is_transient(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    rsps.post(TOKEN_URL, body=requests.ConnectionError("connection refused"))

    with pytest.raises(SalesforceTransient) as raised:
        client.identity()

    assert raised.value.error_code == "CONNECTION_ERROR"
    assert client.requests_made == 1


@pytest.mark.parametrize(
    ("entered", "host"),
    [
        ("acme.my.salesforce.com", "acme.my.salesforce.com"),
        ("https://acme.my.salesforce.com/", "acme.my.salesforce.com"),
        ("  HTTPS://Acme.My.Salesforce.com/lightning/setup  ", "acme.my.salesforce.com"),
        ("https://acme.lightning.force.com/lightning/page/home", "acme.my.salesforce.com"),
        ("acme--uat.sandbox.my.salesforce.com", "acme--uat.sandbox.my.salesforce.com"),
        ("https://acme--uat.sandbox.lightning.force.com", "acme--uat.sandbox.my.salesforce.com"),
    ],
)
def test_my_domain_is_normalised_to_its_host(entered: str, host: str) -> None:
    assert my_domain_normalise(entered) == host
    assert OrgCredentials(entered, "id", "secret").my_domain == host


@pytest.mark.parametrize(
    "entered",
    [
        "",
        "acme",
        "example.com",
        "acme.my.salesforce.com.evil.io",
        "login.salesforce.com",
        "https://test.salesforce.com",
        "acme .my.salesforce.com",
    ],
)
def test_a_host_that_is_not_a_my_domain_is_refused(entered: str) -> None:
    with pytest.raises(ValueError, match="My Domain"):
        my_domain_normalise(entered)


def test_the_secret_is_kept_out_of_the_credentials_repr() -> None:
    assert "s3cret" not in repr(OrgCredentials("acme.my.salesforce.com", "id", "s3cret"))


def test_a_token_answer_without_an_id_url_fails_identity_but_not_other_calls(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    rsps.post(
        TOKEN_URL, json={"access_token": "tok", "instance_url": "https://acme.my.salesforce.com"}
    )
    rsps.get(f"{DATA}limits/", json={})

    assert client.limits() == {}
    with pytest.raises(SalesforceCallFailed) as raised:
        client.identity()

    assert raised.value.error_code == "INVALID_TOKEN_RESPONSE"
    assert client.requests_made == 2
