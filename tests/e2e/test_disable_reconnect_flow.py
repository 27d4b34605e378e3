"""A partner admin disables the connection after confirming, then reconnects it, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from sync.models import ConnectionStatus
from tests.helpers.browser import log_in

pytestmark = [
    # As every lifecycle test (tests/sync/lifecycle/conftest.py), with no push window.
    pytest.mark.usefixtures("no_push_window"),
]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_admin_disables_then_reconnects(
    page: Any, org_connection: Any, partner_admin: Any
) -> None:
    EmailAddress.objects.create(
        user=partner_admin, email=partner_admin.email, verified=True, primary=True
    )
    log_in(page, partner_admin.email)

    page.get_by_role("link", name="Salesforce connection", exact=True).click()
    page.get_by_role("link", name="Disable the connection").click()
    page.get_by_role("button", name="Disable the connection").click()
    page.get_by_text("The connection is disabled; nothing is sent or read").wait_for()
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.DISABLED

    page.get_by_role("button", name="Reconnect").click()
    page.get_by_text("Reconnected; the connection is Enabled.").wait_for()
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.ENABLED
