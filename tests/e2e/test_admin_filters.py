"""An admin list filtered by a company chosen in its autocomplete box, under the site's CSP."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory
from tests.helpers.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choosing_a_company_in_the_filter_box_filters_the_leads(page: Any) -> None:
    admin = StaffFactory.create(email="root@vendor.example.com", is_superuser=True)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    wanted = PartnerAccountFactory.create(name="Bluepeak Consulting")
    PartnerAccountFactory.create(name="Cedar Ridge Networks")
    lead = LeadFactory.create(last_name="Wanted-Lead")
    lead.partner_account = wanted
    lead.save(update_fields=["partner_account"])
    LeadFactory.create(last_name="Other-Lead")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, admin.email)

    page.goto("/admin/portal/lead/")
    box = page.locator("details[data-filter-title='partner account'] .select2-selection")
    box.click()
    page.locator(".select2-search__field").fill("blue")
    page.get_by_role("option", name="Bluepeak Consulting").click()
    page.wait_for_url(f"**partner_account__id__exact={wanted.pk}**")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Wanted-Lead")
    assert not [e for e in errors if "Content Security Policy" in e], errors
