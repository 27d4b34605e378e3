"""A partner admin connects their org in Chromium: credentials, Test connection, mapping."""

from __future__ import annotations

import os
from typing import Any

import pytest
from allauth.account.models import EmailAddress

from sync.models import ConnectionStatus, MappingState, ObjectMapping
from sync.services.mappings.save import mapping_vendor_save

# The connection setup fixtures, not the export ones registered for the whole suite.
from tests.fixtures.connect import connection, partner_admin, vendor_admin  # noqa: F401
from tests.helpers.browser import log_in

SCREENSHOTS = os.environ.get("CONNECT_SCREENSHOTS", "")


def _shot(tab: Any, name: str) -> None:
    if SCREENSHOTS:
        tab.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_admin_connects_the_org_tests_it_and_maps_leads(
    page: Any,
    emulator_settings: Any,
    emulated_org: Any,
    connection: Any,
    partner_admin: Any,
    vendor_admin: Any,
) -> None:
    user = partner_admin.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["first_name", "last_name", "company", "phone", "status", "rating"],
        update_fields=["status", "phone"],
    )
    log_in(page, user.email)

    page.get_by_role("link", name="Salesforce connection", exact=True).click()
    page.get_by_label("My Domain").fill(f"https://{emulated_org.host}/")
    page.get_by_label("Client id (consumer key)").fill(emulated_org.client_id)
    page.get_by_label("Client secret (consumer secret)").fill(emulated_org.client_secret)
    page.get_by_role("button", name="Save credentials").click()
    page.get_by_text("Credentials saved.").wait_for()
    assert emulated_org.client_secret not in page.content()

    page.get_by_role("button", name="Test connection").click()
    page.locator("#test-results .badge--ok", has_text="Passed").wait_for()
    # Token, two describes, and for Lead: external ID, connected object, default owner.
    assert page.locator("#test-results .check--ok").count() == 6
    _shot(page, "connect_setup")

    page.get_by_role("link", name="Map fields").click()
    page.get_by_label("Default owner id").fill(emulated_org.queue_id)
    page.get_by_label("Status: default for unmapped values").select_option("Working - Contacted")
    page.get_by_label("Rating: default for unmapped values").select_option("Cold")
    _shot(page, "mapping_edit")
    page.get_by_role("button", name="Save mapping").click()
    page.get_by_text("Lead mapping saved; it is active.").wait_for()

    mapping = ObjectMapping.objects.get(object_type="Lead")
    assert mapping.state == MappingState.ACTIVE
    assert mapping.fields.get(field_name="company").target_field == "Company"
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ENABLED
    page.get_by_role("link", name="Salesforce connection", exact=True).click()
    assert page.locator(".page-head .badge--ok", has_text="Enabled").is_visible()
