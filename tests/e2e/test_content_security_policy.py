"""The site's pages and Django admin work under the Content-Security-Policy: no violation."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from accounts.models import PartnerRole
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, StaffFactory
from tests.helpers.browser import log_in


def _violations(page: Any, paths: list[str]) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    return seen


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_partner_pages_run_under_the_policy(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    user = member(company, PartnerRole.USER).user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    lead = LeadFactory.create(owner=user)
    share_grant(actor=None, records=[LeadFactory.create()], level="edit", user=user)
    log_in(page, user.email)
    paths = ["/", "/leads/", f"/leads/{lead.pk}/", "/opportunities/", "/accounts/email/"]
    assert _violations(page, paths) == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_django_admin_runs_under_the_policy(page: Any, company: Any) -> None:
    admin = StaffFactory.create(email="root@vendor.example.com", is_superuser=True)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    lead = LeadFactory.create()
    log_in(page, admin.email)
    paths = [
        "/admin/",
        "/admin/portal/lead/",
        f"/admin/portal/lead/{lead.pk}/change/",
        "/admin/accounts/invitation/add/",
        f"/admin/accounts/partneraccount/{company.pk}/change/",
    ]
    assert _violations(page, paths) == []
