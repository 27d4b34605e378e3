"""Downloads of the current list view as CSV and XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import LeadStatus
from portal.services.list_views import list_view_save
from tests.factories import LeadFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_holds_the_view_columns_and_only_visible_rows(client, partner):
    LeadFactory.create(owner=partner, company="Alpha", status=LeadStatus.OPEN)
    LeadFactory.create(owner=partner, company="Bravo", status=LeadStatus.WORKING)
    LeadFactory.create(company="Hidden Co")
    client.force_login(partner)
    response = client.get(
        reverse("portal:lead-download"),
        {"format": "csv", "cols": ["company", "status", "export_status"], "sort": "company"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="leads-')
    assert _csv(response) == [
        ["Company", "Status", "Export Status"],
        ["Alpha", "Open", "Not Exported"],
        ["Bravo", "Working", "Not Exported"],
    ]


def test_csv_applies_the_filters_of_the_saved_view(client, partner):
    LeadFactory.create(owner=partner, company="Alpha", status=LeadStatus.OPEN)
    LeadFactory.create(owner=partner, company="Bravo", status=LeadStatus.WORKING)
    view = list_view_save(
        actor=partner,
        object_type="lead",
        name="Working",
        columns=["company"],
        filters={"status": LeadStatus.WORKING},
    )
    client.force_login(partner)
    response = client.get(reverse("portal:lead-download"), {"format": "csv", "view": view.pk})
    assert _csv(response) == [["Company"], ["Bravo"]]


def test_selected_rows_limit_the_download_and_invisible_ids_are_ignored(client, partner):
    keep = LeadFactory.create(owner=partner, company="Keep")
    LeadFactory.create(owner=partner, company="Skip")
    hidden = LeadFactory.create(company="Hidden")
    client.force_login(partner)
    response = client.get(
        reverse("portal:lead-download"),
        {"format": "csv", "cols": ["company"], "selected": [keep.pk, hidden.pk]},
    )
    assert _csv(response) == [["Company"], ["Keep"]]


def _xlsx_rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_holds_the_view_columns_and_only_visible_rows(client, partner):
    OpportunityFactory.create(owner=partner, name="Visible deal", amount=1200)
    OpportunityFactory.create(name="Hidden deal")
    client.force_login(partner)
    response = client.get(
        reverse("portal:opportunity-download"),
        {"format": "xlsx", "cols": ["name", "amount", "created_at"]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _xlsx_rows(response)
    assert rows[0] == ("Name", "Amount", "Created")
    assert [row[:2] for row in rows[1:]] == [("Visible deal", 1200)]


def test_unknown_format_is_a_bad_request(client, partner):
    client.force_login(partner)
    response = client.get(reverse("portal:lead-download"), {"format": "pdf"})
    assert response.status_code == 400


def test_download_needs_a_login(client):
    response = client.get(reverse("portal:lead-download"), {"format": "csv"})
    assert response.status_code == 302


def test_text_that_would_start_a_spreadsheet_formula_is_quoted(client, partner):
    LeadFactory.create(owner=partner, company="=HYPERLINK(1)")
    client.force_login(partner)
    url = reverse("portal:lead-download")
    rows = _csv(client.get(url, {"format": "csv", "cols": ["company"]}))
    assert rows == [["Company"], ["'=HYPERLINK(1)"]]
    response = client.get(url, {"format": "xlsx", "cols": ["company"]})
    assert _xlsx_rows(response) == [("Company",), ("'=HYPERLINK(1)",)]
