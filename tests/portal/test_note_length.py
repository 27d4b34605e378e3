"""A note longer than the limit is refused with a message and kept in the form, never cut."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import NOTE_MAX_LENGTH, Note
from portal.services.sharing import share_grant
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_and_editor(plenty_of_seats, company, member):
    editor = member(company, PartnerRole.USER).user
    lead = LeadFactory.create()
    share_grant(actor=None, records=[lead], level="edit", user=editor)
    return lead, editor


def test_a_note_over_the_limit_is_refused_with_its_length_and_kept_whole(client, lead_and_editor):
    lead, editor = lead_and_editor
    client.force_login(editor)
    body = "word " * 4_000  # 20,000 characters
    response = client.post(reverse("portal:lead-note-add", args=[lead.pk]), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This note has 19,999 characters; a note holds at most 10,000." in page
    assert body.strip() in page  # the whole text is still in the form, not cut
    assert Note.objects.count() == 0


def test_a_note_of_exactly_the_limit_is_added(client, lead_and_editor):
    lead, editor = lead_and_editor
    client.force_login(editor)
    body = "x" * NOTE_MAX_LENGTH
    response = client.post(reverse("portal:lead-note-add", args=[lead.pk]), {"body": body})
    assert response.status_code == 302
    assert Note.objects.get().body == body


def test_the_note_box_counts_instead_of_cutting(client, lead_and_editor):
    lead, editor = lead_and_editor
    client.force_login(editor)
    page = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    assert 'data-max-length="10000"' in page
    assert "maxlength" not in page.split('name="body"')[1].split(">")[0]
    assert 'aria-describedby="id_body_helptext"' in page
    assert "Up to 10,000 characters." in page


def test_the_api_refuses_a_note_over_the_limit_with_a_400(client, lead_and_editor):
    lead, editor = lead_and_editor
    client.force_login(editor)
    response = client.post(
        f"/api/v1/leads/{lead.pk}/notes/",
        {"body": "x" * (NOTE_MAX_LENGTH + 1)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "10000" in response.json()["error"]["fields"]["body"][0]
    assert Note.objects.count() == 0
