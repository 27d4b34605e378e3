"""GET and POST /api/v1/leads/{id}/notes/ and /opportunities/{id}/notes/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import Note
from portal.services.records import note_add
from tests.factories import LeadFactory, OpportunityFactory
from tests.helpers.api import error_of
from tests.helpers.records import shared_lead, shared_opportunity

pytestmark = pytest.mark.django_db


def notes_url(kind: str, pk: int) -> str:
    return reverse(f"api:{kind}-note-list", kwargs={"record_pk": pk})


def test_anyone_who_sees_the_lead_reads_its_notes_newest_first(api, partner, staff):
    lead = shared_lead(partner, "read")
    first = note_add(actor=staff, record=lead, body="First call.")
    second = note_add(actor=staff, record=lead, body="Second call.")
    note_add(actor=staff, record=LeadFactory.create(), body="Elsewhere.")
    response = api.get(notes_url("lead", lead.pk))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    assert rows[0]["author"] == {"id": staff.pk, "name": str(staff)}
    assert rows[0]["body"] == "Second call."


@pytest.mark.parametrize(
    ("kind", "make"), [("lead", shared_lead), ("opportunity", shared_opportunity)]
)
def test_read_write_access_adds_a_note(api, partner, kind, make):
    record = make(partner, "edit")
    response = api.post(notes_url(kind, record.pk), {"body": "  Called them.  "})
    assert response.status_code == 201, response.content
    assert response.json()["body"] == "Called them."
    assert response.json()["author"]["id"] == partner.pk
    note = Note.objects.get()
    assert (getattr(note, f"{kind}_id"), note.author_id, note.body) == (
        record.pk,
        partner.pk,
        "Called them.",
    )


@pytest.mark.parametrize(
    ("kind", "make"), [("lead", shared_lead), ("opportunity", shared_opportunity)]
)
def test_read_access_is_a_403_and_no_note_is_added(api, partner, kind, make):
    record = make(partner, "read")
    response = api.post(notes_url(kind, record.pk), {"body": "Hi"})
    assert response.status_code == 403
    assert error_of(response)["message"] == (
        "You have Read access to this record; notes need Read/Write."
    )
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("kind", "factory"), [("lead", LeadFactory), ("opportunity", OpportunityFactory)]
)
def test_another_companys_record_is_a_404_on_reading_and_adding_notes(
    api, outsider, staff, kind, factory
):
    theirs = factory.create(owner=outsider)
    note_add(actor=staff, record=theirs, body="Private.")
    for response in (
        api.get(notes_url(kind, theirs.pk)),
        api.post(notes_url(kind, theirs.pk), {"body": "Hi"}),
        api.get(notes_url(kind, 999_999)),
    ):
        assert response.status_code == 404
        assert error_of(response)["message"] == "Not found."
    assert Note.objects.count() == 1


@pytest.mark.parametrize("body", [{"body": "   "}, {}, {"body": "x" * 10_001}])
def test_a_blank_missing_or_long_body_is_a_400_on_body(api, partner, body):
    lead = shared_lead(partner, "edit")
    response = api.post(notes_url("lead", lead.pk), body)
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["body"]
    assert not Note.objects.exists()


def test_anonymous_callers_neither_read_nor_add_notes(anonymous_api_client, partner, staff):
    lead = shared_lead(partner, "edit")
    note_add(actor=staff, record=lead, body="Private.")
    assert anonymous_api_client.get(notes_url("lead", lead.pk)).status_code == 401
    assert anonymous_api_client.post(notes_url("lead", lead.pk), {"body": "x"}).status_code == 401
    assert Note.objects.count() == 1


def test_vendor_staff_add_notes_to_any_record_as_on_the_site(api_client_for, staff, outsider):
    lead = LeadFactory.create(owner=outsider)
    response = api_client_for(staff).post(notes_url("lead", lead.pk), {"body": "From the vendor."})
    assert response.status_code == 201
    assert Note.objects.get().author_id == staff.pk


def test_notes_page_without_repeats(api, partner, staff):
    lead = shared_lead(partner, "read")
    notes = [note_add(actor=staff, record=lead, body=f"Note {i}") for i in range(7)]
    seen: list[int] = []
    response = api.get(notes_url("lead", lead.pk), {"page_size": 3})
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert seen == [note.pk for note in reversed(notes)]
