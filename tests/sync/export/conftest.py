"""Fixtures of the export tests: a company with an Enabled connection and an exporter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from sync.crypto import secret_encrypt
from sync.models import Connection
from tests.factories.sync import enabled_connection


@pytest.fixture
def connection(company: PartnerAccount) -> Connection:
    """The company's Enabled connection with active standard mappings (no org behind it)."""
    return enabled_connection(partner_account=company)


@pytest.fixture
def exporter(
    plenty_of_seats: None, company: PartnerAccount, member: Callable[..., Membership]
) -> User:
    """A partner user of the company with a seat and the export permission."""
    return member(company, PartnerRole.USER, can_export=True).user


@pytest.fixture
def partner_admin(
    plenty_of_seats: None, company: PartnerAccount, member: Callable[..., Membership]
) -> User:
    """The company's partner admin (no export permission of their own)."""
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run on-commit callbacks (the queued task, emails) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org(emulator_settings: Any, emulated_org: Any) -> Any:
    """A fresh emulated org, with the Salesforce seam routed to the emulator."""
    return emulated_org


@pytest.fixture
def org_connection(company: PartnerAccount, org: Any) -> Connection:
    """The company's Enabled connection to the emulated org, with active standard mappings."""
    return enabled_connection(
        partner_account=company,
        my_domain=org.host,
        client_id=org.client_id,
        client_secret_encrypted=secret_encrypt(org.client_secret),
    )
