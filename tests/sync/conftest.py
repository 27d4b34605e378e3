"""Fixtures for Partner Connect tests: a running org emulator and fresh emulated orgs.

`emulator` (session) is the running server; `emulator_settings` points
settings.SALESFORCE_EMULATOR_URL at it; `emulated_org` is a fresh org with the default schema,
deleted after the test; `emulated_org_factory` makes more, with a narrowed schema or a lower
API limit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from emulator.control import org_create, org_delete
from emulator.server import RunningEmulator, emulator_start
from tests.helpers.orgs import EmulatedOrg, OrgFactory


@pytest.fixture(scope="session")
def emulator() -> Iterator[RunningEmulator]:
    """One emulator for the whole test session, on a free loopback port."""
    running = emulator_start(port=0)
    yield running
    running.stop()


@pytest.fixture
def emulator_settings(settings: Settings, emulator: RunningEmulator) -> RunningEmulator:
    """Route the Salesforce seam to the emulator for this test."""
    settings.SALESFORCE_EMULATOR_URL = emulator.base_url
    return emulator


@pytest.fixture
def emulated_org_factory(emulator: RunningEmulator) -> Iterator[OrgFactory]:
    """Make orgs with unique hosts: factory(schema=None, api_limit=15000); all deleted after."""
    hosts: list[str] = []

    def make(
        *,
        schema: Mapping[str, Sequence[str | Mapping[str, Any]] | None] | None = None,
        api_limit: int = 15000,
    ) -> EmulatedOrg:
        name = f"org-{uuid.uuid4().hex[:10]}"
        host = f"{name}.my.salesforce.com"
        client_id, client_secret = f"3MVG9{uuid.uuid4().hex}", uuid.uuid4().hex
        summary = org_create(
            emulator.base_url,
            host=host,
            client_id=client_id,
            client_secret=client_secret,
            schema=schema,
            api_limit=api_limit,
        )
        hosts.append(host)
        others = [user for user in summary["users"] if user["Id"] != summary["integration_user_id"]]
        return EmulatedOrg(
            host=host,
            my_domain=f"{name}.my",
            client_id=client_id,
            client_secret=client_secret,
            base_url=emulator.base_url,
            org_id=summary["org_id"],
            integration_user_id=summary["integration_user_id"],
            user_ids=tuple(user["Id"] for user in others if user["IsActive"]),
            inactive_user_id=next(user["Id"] for user in others if not user["IsActive"]),
            queue_id=summary["queues"][0]["Id"],
        )

    yield make
    for host in hosts:
        org_delete(emulator.base_url, host=host)


@pytest.fixture
def emulated_org(emulated_org_factory: OrgFactory) -> EmulatedOrg:
    """A fresh org with the default schema, deleted after the test."""
    return emulated_org_factory()
