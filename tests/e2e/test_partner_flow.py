"""One partner admin's day one, end to end in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import PartnerRole
from portal.models import LeadStatus, SavedListView
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, PartnerAccountFactory
from tests.helpers.browser import log_in


@pytest.fixture
def partner_admin(plenty_of_seats: None, member: Any) -> Any:
    company = PartnerAccountFactory.create(name="Northwind Solutions")
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    admin.first_name = "Olivia"
    admin.save()
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    colleague = member(company, PartnerRole.USER).user
    LeadFactory.create(owner=colleague, last_name="Working-Lead", status=LeadStatus.WORKING)
    LeadFactory.create(owner=colleague, last_name="Open-Lead", status=LeadStatus.OPEN)
    shared = LeadFactory.create(last_name="Shared-Lead", status=LeadStatus.WORKING)
    share_grant(actor=None, records=[shared], level="read", partner_account=company)
    other = member(PartnerAccountFactory.create(name="Elsewhere Ltd"), PartnerRole.USER).user
    LeadFactory.create(owner=other, last_name="Hidden-Lead", status=LeadStatus.WORKING)
    return admin


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_admin_filters_saves_a_view_and_sees_why_a_lead_is_visible(
    page: Any, partner_admin: Any
) -> None:
    log_in(page, partner_admin.email)
    assert page.get_by_role("heading", name="Welcome, Olivia").is_visible()

    page.get_by_role("link", name="Leads", exact=True).click()
    page.wait_for_url("**/leads/**")
    rows = page.locator("#record-results tbody tr")
    assert rows.count() == 3
    assert "Hidden-Lead" not in page.content()

    page.get_by_label("Status:", exact=True).select_option(value=LeadStatus.WORKING.value)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#record-results tbody tr")).to_have_count(2)
    names = rows.locator("th").all_inner_texts()
    assert sorted(name.split()[-1] for name in names) == ["Shared-Lead", "Working-Lead"]

    page.get_by_text("Columns", exact=True).click()
    page.get_by_role("checkbox", name="Export Status").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector("#record-results th:has-text('Export Status')")
    # Ticking the box already refreshed the list; wait until no refresh is still in flight,
    # or a late swap would close the panel opened next.
    expect(page.locator(".htmx-request")).to_have_count(0)
    assert page.locator("#record-results tbody td", has_text="Not Exported").count() == 2

    page.get_by_text("Save this view", exact=True).click()
    page.get_by_label("View name").wait_for(state="visible")
    page.get_by_label("View name").fill("Working leads")
    page.get_by_label("Open the list with this view").check()
    page.get_by_role("button", name="Save view").click()
    page.wait_for_selector("#view-select")
    view = SavedListView.objects.get(user=partner_admin, name="Working leads")
    assert view.is_default
    assert "export_status" in view.columns

    page.goto("/leads/")
    assert page.locator("#view-select option:checked").inner_text().startswith("Working leads")
    assert page.locator("#record-results tbody tr").count() == 2

    page.get_by_role("link", name="Shared-Lead").click()
    page.wait_for_selector("#why-heading")
    panel = page.locator("section", has=page.locator("#why-heading"))
    assert "shared with your whole company, Northwind Solutions (Read)" in panel.inner_text()
    page.screenshot(path="test-results/partner-flow-detail.png", full_page=True)
