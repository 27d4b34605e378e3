"""The transport adapter: https://<My Domain>/... travels to the emulator over real HTTP."""

from __future__ import annotations

import pytest
import requests

from emulator.server import RunningEmulator
from salesforce.transport import HOST_HEADER, EmulatorAdapter
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import adapted_session


def test_adapter_rewrites_the_url_and_names_the_host(emulator: RunningEmulator) -> None:
    adapter = EmulatorAdapter(emulator.base_url + "/")
    request = requests.Request("GET", "https://acme.my.salesforce.com/services/data/?x=1").prepare()

    response = adapter.send(request, timeout=5)

    assert request.url == f"{emulator.base_url}/services/data/?x=1"
    assert request.headers[HOST_HEADER] == "acme.my.salesforce.com"
    assert response.status_code == 200
    assert response.url == "https://acme.my.salesforce.com/services/data/?x=1"


def test_environment_proxies_do_not_divert_emulator_traffic(
    emulated_org: EmulatedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")

    response = adapted_session(emulated_org.base_url).post(
        f"https://{emulated_org.host}/services/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": emulated_org.client_id,
            "client_secret": emulated_org.client_secret,
        },
        timeout=5,
    )

    assert response.status_code == 200
