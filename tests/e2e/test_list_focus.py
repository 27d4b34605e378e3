"""After sorting or paging a list, focus is on the new table and the count is announced."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import PartnerRole
from tests.factories import LeadFactory
from tests.helpers.browser import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_sorting_moves_focus_to_the_table_and_the_live_region_stays(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    user = member(company, PartnerRole.USER).user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for name in ("Able", "Baker", "Cole"):
        LeadFactory.create(owner=user, last_name=name)
    log_in(page, user.email)
    page.goto("/leads/")
    live = page.locator("#results-status")
    page.evaluate("window.liveRegion = document.getElementById('results-status')")
    page.locator("#record-results thead a", has_text="Name").click()
    expect(page.locator("#results-table")).to_be_focused()
    expect(live).to_have_text("1\u20133 of 3")
    # The same element: replaced regions are not announced.
    assert page.evaluate("window.liveRegion === document.getElementById('results-status')")
    page.locator("#filter-q").fill("Baker")
    expect(live).to_have_text("1\u20131 of 1")
    expect(page.locator("#filter-q")).to_be_focused()  # typing keeps its place
