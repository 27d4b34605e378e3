"""axe-core over the partner pages: no serious or critical accessibility finding."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe

from accounts.models import PartnerRole
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, OpportunityFactory
from tests.factories.sync import enabled_connection
from tests.helpers.browser import log_in

SERIOUS = {"serious", "critical"}


def _findings(page: Any, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return [
        f"{path}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_pages_have_no_serious_accessibility_findings(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True).user
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    lead = LeadFactory.create(owner=admin)
    deal = OpportunityFactory.create(owner=admin)
    share_grant(actor=None, records=[LeadFactory.create()], level="edit", user=admin)
    enabled_connection(partner_account=company)
    paths = [
        "/",
        "/leads/",
        f"/leads/{lead.pk}/",
        "/opportunities/",
        f"/opportunities/{deal.pk}/",
        "/accounts/",
        "/team/",
        "/exports/",
        "/account/api-tokens/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/connect/",
        "/connect/report/",
    ]
    log_in(page, admin.email)
    findings = [finding for path in paths for finding in _findings(page, path)]
    assert findings == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_login_page_has_no_serious_accessibility_findings(page: Any) -> None:
    assert _findings(page, "/accounts/login/") == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_by_keyboard_the_view_choice_waits_and_escape_closes_the_user_menu(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    user = member(company, PartnerRole.USER).user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    log_in(page, user.email)
    page.goto("/leads/")
    before = page.url
    page.locator("#view-select").focus()
    page.keyboard.press("ArrowDown")  # choosing is not submitting (WCAG 3.2.2)
    page.wait_for_timeout(300)
    assert page.url == before
    menu = page.locator("details.user-menu")
    menu.locator("summary").click()
    assert menu.get_attribute("open") is not None
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_connection_page_has_one_id_per_secret_field(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    enabled_connection(partner_account=company)
    log_in(page, admin.email)
    page.goto("/connect/")
    assert page.locator("#id_client_secret").count() <= 1
    assert page.get_by_label("New client secret").count() == 1
