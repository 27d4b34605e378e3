"""Admin lists the vendor reads every day fit the screen: no column hidden past the edge."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from accounts.services.invitations import invitation_create
from tests.factories import StaffFactory
from tests.helpers.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_invitation_list_and_page_are_not_clipped_at_1280_px(page: Any, company: Any) -> None:
    admin = StaffFactory.create(email="root@vendor.example.com", is_superuser=True)
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    invitation = invitation_create(
        actor=admin,
        email="a.new.partner.person.with.a.long.address@subsidiary.example.com",
        partner_account=company,
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, admin.email)

    page.goto("/admin/accounts/invitation/")
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), results.evaluate(
        "el => [el.scrollWidth, el.clientWidth]"
    )
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip().lower() for h in headers[1:]] == [
        "email",
        "partner account",
        "role",
        "status",
        "expires",
    ]

    page.goto(f"/admin/accounts/invitation/{invitation.pk}/change/")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    link = page.locator(".field-link .readonly")
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    assert "Takes a seat" in page.locator("#content").inner_text()
