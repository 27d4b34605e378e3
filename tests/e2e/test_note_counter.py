"""The note box counts characters as they are typed and a long note is refused, never cut."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from accounts.models import PartnerRole
from portal.models import Note
from portal.services.sharing import share_grant
from tests.factories import LeadFactory
from tests.helpers.browser import log_in


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_pasted_long_note_is_counted_refused_and_kept(
    page: Any, plenty_of_seats: None, company: Any, member: Any
) -> None:
    editor = member(company, PartnerRole.USER).user
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    lead = LeadFactory.create(last_name="Counted")
    share_grant(actor=None, records=[lead], level="edit", user=editor)
    log_in(page, editor.email)

    page.goto(f"/leads/{lead.pk}/")
    box = page.get_by_role("textbox", name="Note:")
    help_text = page.locator("#id_body_helptext")
    box.fill("Hello")
    assert help_text.inner_text() == "5 of 10,000 characters."
    long_note = "y" * 20_000
    box.fill(long_note)
    assert box.input_value() == long_note  # nothing cut by the browser
    assert "10,000 too many" in help_text.inner_text()
    page.get_by_role("button", name="Add note").click()
    page.get_by_text("This note has 20,000 characters").wait_for()
    assert page.get_by_role("textbox", name="Note:").input_value() == long_note
    assert Note.objects.count() == 0
