"""A logged-in simple-salesforce client on a fresh emulated org."""

from __future__ import annotations

import pytest
from simple_salesforce import Salesforce

from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import sf_connect


@pytest.fixture
def sf(emulated_org: EmulatedOrg) -> Salesforce:
    return sf_connect(emulated_org)
