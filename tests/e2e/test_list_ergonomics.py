"""The list pages as people use them: sort indicators, the page size, the selection bar, saving
a view from the top, and the phone layout (checked by what is visible, not by pixels)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from portal.models import Lead, SavedListView
from tests.factories import LeadFactory
from tests.helpers.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COLUMNS = (
    "cols=name&cols=company&cols=email&cols=status&cols=owner&cols=created_at&cols=export_status"
)
SHOTS = Path("test-results")


@pytest.fixture
def lister(exporter: Any, connection: Any) -> Any:
    """A partner user who may export, with 61 leads of their own."""
    EmailAddress.objects.create(user=exporter, email=exporter.email, verified=True, primary=True)
    for n in range(60):
        LeadFactory.create(owner=exporter, last_name=f"Lead-{n:02d}", company=f"Company {n:02d}")
    # The newest lead, first in the list: a long address must wrap inside its card.
    LeadFactory.create(
        owner=exporter,
        last_name="Lead-long",
        email="procurement.department.shared.inbox@a-very-long-company-name.example.com",
    )
    return exporter


def _after(page: Any, selector: str) -> str:
    return page.evaluate(
        "s => getComputedStyle(document.querySelector(s), '::after').content", selector
    )


def test_sort_indicators_page_size_selection_bar_and_saving_from_the_top(
    page: Any, lister: Any
) -> None:
    log_in(page, lister.email)
    page.goto(f"/leads/?{COLUMNS}")

    # The default order shows on Created; the other sortable headers show they sort.
    created = page.locator("#results-table thead th", has_text="Created")
    expect(created).to_have_attribute("aria-sort", "descending")
    assert "▼" in _after(page, "#results-table thead th[aria-sort='descending'] a")
    assert "↕" in _after(page, "#results-table thead th[aria-sort='none'] a")

    # Saving a view is offered above the table, not below the last row.
    save = page.get_by_text("Save this view", exact=True)
    assert save.bounding_box()["y"] < page.locator("#results-table").bounding_box()["y"]

    # Page size: chosen, applied, and remembered for the next visit.
    expect(page.locator("#results-table tbody tr")).to_have_count(50)
    page.get_by_label("Rows per page").select_option("25")
    page.locator(".page-size").get_by_role("button", name="Show").click()
    expect(page.locator("#results-table tbody tr")).to_have_count(25)
    expect(page.locator("#results-count")).to_have_text("1\u201325 of 61")
    page.goto("/leads/")
    expect(page.locator("#results-table tbody tr")).to_have_count(25)
    page.get_by_role("link", name="Next →").click()
    expect(page.locator("#results-count")).to_have_text("26\u201350 of 61")

    # The selection bar counts the ticked rows and stays on screen while the table scrolls.
    bar = page.locator("[data-selection-bar]")
    expect(bar).to_contain_text("None selected")
    page.locator("#results-table tbody input[name='selected']").first.check()
    page.locator("#results-table tbody input[name='selected']").nth(1).check()
    expect(bar).to_contain_text("2 selected")
    expect(bar).to_have_class("selection-bar selection-bar--active")
    expect(bar.get_by_role("button", name="Export selected…")).to_be_visible()
    page.locator("#results-table tbody tr").last.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box is not None and 0 <= box["y"] < 10, box
    page.screenshot(path=str(SHOTS / "list-selection-bar.png"))
    bar.get_by_role("button", name="Clear selection").click()
    expect(bar).to_contain_text("None selected")
    assert page.locator("#results-table tbody input[name='selected']:checked").count() == 0

    # The view saved from the top keeps the sort chosen after the page was loaded.
    page.locator("#results-table thead a", has_text="Company").click()
    expect(page.locator("#results-table thead th", has_text="Company")).to_have_attribute(
        "aria-sort", "ascending"
    )
    save.click()
    page.get_by_label("View name").fill("By company")
    page.get_by_role("button", name="Save view").click()
    page.wait_for_selector("#view-select")
    view = SavedListView.objects.get(user=lister, name="By company")
    assert view.sort == "company"


def test_phone_layout_puts_the_list_on_the_first_screen(page: Any, lister: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, lister.email)
    page.goto(f"/leads/?{COLUMNS}")

    # A one-line header; the navigation behind a Menu button.
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64, header
    nav_link = page.locator("#site-nav").get_by_role("link", name="Opportunities")
    expect(nav_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    expect(nav_link).to_be_visible()
    page.get_by_role("button", name="Menu").click()
    expect(nav_link).to_be_hidden()

    # Search stays; the other filters fold away until asked for.
    expect(page.locator("#filter-q")).to_be_visible()
    expect(page.get_by_label("Status:", exact=True)).to_be_hidden()
    first_row = page.locator("#results-table tbody tr").first
    row_box = first_row.bounding_box()
    assert row_box is not None and row_box["y"] < 844, row_box

    # Rows are cards: nothing is wider than the screen, Export Status is on it with its label.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    status = first_row.locator("td[data-label='Export Status']")
    expect(status).to_be_visible()
    status_box = status.bounding_box()
    assert status_box is not None and status_box["x"] + status_box["width"] <= 390
    assert "Export Status" in page.evaluate(
        "el => getComputedStyle(el, '::before').content", status.element_handle()
    )
    page.screenshot(path=str(SHOTS / "list-phone.png"))

    page.get_by_text("Filters and columns", exact=True).click()
    expect(page.get_by_label("Status:", exact=True)).to_be_visible()

    # Other pages' tables scroll inside their frame; the page itself never gets wider.
    lead = Lead.objects.get(last_name="Lead-long")
    for path in ("/", "/exports/", f"/leads/{lead.pk}/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
