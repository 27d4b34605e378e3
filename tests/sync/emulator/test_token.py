"""The OAuth client-credentials token endpoint, validated per org."""

from __future__ import annotations

import base64

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceAuthenticationFailed

from emulator.control import org_stats
from emulator.server import RunningEmulator
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import adapted_session, sf_connect


def _token(org: EmulatedOrg, **form: str) -> requests.Response:
    return adapted_session(org.base_url).post(
        f"https://{org.host}/services/oauth2/token", data=form, timeout=5
    )


def test_login_on_my_domain_returns_the_org_host_as_instance(emulated_org: EmulatedOrg) -> None:
    sf = sf_connect(emulated_org)

    assert sf.sf_instance == emulated_org.host
    assert sf.session_id.startswith(emulated_org.org_id[:15] + "!")
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["token_requests"] == 1


def test_token_from_form_credentials_names_the_org_and_integration_user(
    emulated_org: EmulatedOrg,
) -> None:
    response = _token(
        emulated_org,
        grant_type="client_credentials",
        client_id=emulated_org.client_id,
        client_secret=emulated_org.client_secret,
    )

    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer"
    assert body["instance_url"] == f"https://{emulated_org.host}"
    assert body["id"] == (
        f"https://login.salesforce.com/id/{emulated_org.org_id}/{emulated_org.integration_user_id}"
    )


def test_token_from_basic_auth_credentials_is_accepted(emulated_org: EmulatedOrg) -> None:
    pair = f"{emulated_org.client_id}:{emulated_org.client_secret}".encode()
    response = adapted_session(emulated_org.base_url).post(
        f"https://{emulated_org.host}/services/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic " + base64.b64encode(pair).decode()},
        timeout=5,
    )

    assert response.status_code == 200
    assert response.json()["access_token"]


def test_a_wrong_secret_is_refused_as_invalid_client(emulated_org: EmulatedOrg) -> None:
    with pytest.raises(SalesforceAuthenticationFailed) as refused:
        sf_connect(emulated_org, client_secret="wrong")

    assert refused.value.code == "invalid_client"
    assert refused.value.auth_message == "invalid client credentials"


def test_another_orgs_client_id_is_refused(
    emulated_org: EmulatedOrg, emulated_org_factory: object
) -> None:
    response = _token(
        emulated_org,
        grant_type="client_credentials",
        client_id="3MVG9someone-else",
        client_secret=emulated_org.client_secret,
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "invalid client credentials",
    }


def test_a_grant_other_than_client_credentials_is_unsupported(emulated_org: EmulatedOrg) -> None:
    response = _token(emulated_org, grant_type="password", username="u", password="p")

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_an_unknown_my_domain_answers_not_found(emulator: RunningEmulator) -> None:
    with pytest.raises(SalesforceAuthenticationFailed) as refused:
        Salesforce(
            consumer_key="x",
            consumer_secret="y",
            domain="nobody-here.my",
            session=adapted_session(emulator.base_url),
        )

    assert refused.value.code == "not_found"
    assert "nobody-here.my.salesforce.com" in refused.value.auth_message


def test_a_rest_call_with_an_unknown_token_answers_invalid_session(
    emulated_org: EmulatedOrg,
) -> None:
    response = adapted_session(emulated_org.base_url).get(
        f"https://{emulated_org.host}/services/data/v62.0/limits/",
        headers={"Authorization": "Bearer made-up"},
        timeout=5,
    )

    assert response.status_code == 401
    assert response.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["api_requests"] == 0
