"""The status report in Django admin: columns, filters, search, CSV download."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from sync.models import InboundStatus, OutboundStatus
from sync.services.export.status import ADVICE
from tests.factories import LeadFactory
from tests.factories.sync import exported, failed_and_fine

pytestmark = pytest.mark.django_db

URL = "admin:sync_recordmap_changelist"
OS = OutboundStatus


@pytest.fixture
def admin(client, vendor_admin):
    client.force_login(vendor_admin)
    return client


@pytest.fixture
def maps(connection, exporter):
    return failed_and_fine(connection, exporter, opportunity_name="=HYPERLINK(1)")


def test_changelist_shows_record_link_company_and_what_to_do(admin, maps, company):
    failed, _ = maps
    body = admin.get(reverse(URL)).content.decode()
    assert reverse("admin:portal_lead_change", args=[failed.lead_id]) in body
    assert "Ada Lovelace" in body
    assert company.name in body
    assert "fix the mapping or the owner, then re-export" in body
    assert "partner user with the export permission" in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"object_type__exact": "Lead"}, ["00Qfailed"]),
        ({"outbound_status__exact": OS.EXPORT_SUCCESS}, ["006fine"]),
        ({"inbound_status__exact": InboundStatus.IMPORT_CONNECTED_RECORD_ERROR}, ["00Qfailed"]),
        ({"q": "Lovelace"}, ["00Qfailed"]),
        ({"q": "006fine"}, ["006fine"]),
        ({"q": "Acme"}, ["006fine", "00Qfailed"]),
        ({"last_modified_sent__isnull": "True"}, ["006fine", "00Qfailed"]),
    ],
)
def test_changelist_filters_and_search(admin, maps, connection, params, expected):
    results = admin.get(reverse(URL), params).context["cl"].result_list
    assert sorted(m.external_id for m in results) == expected


def test_csv_download_has_the_filtered_rows_formula_safe(admin, maps):
    _, fine = maps
    response = admin.get(reverse("admin:sync_recordmap_report_csv"), {"q": "006fine"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Record id", "Record", "Object"]
    assert len(rows) == 2
    assert rows[1][0] == str(fine.opportunity_id)
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][5:7] == [OS.EXPORT_SUCCESS, InboundStatus.IMPORT_SUCCESS]
    everything = admin.get(reverse("admin:sync_recordmap_report_csv"))
    lines = list(csv.reader(io.StringIO(b"".join(everything.streaming_content).decode())))
    advice = {line[8]: line[10] for line in lines[1:]}
    assert advice == {"00Qfailed": ADVICE[OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR], "006fine": ""}


def test_csv_download_is_for_admin_users_only(client, maps, exporter):
    client.force_login(exporter)
    response = client.get(reverse("admin:sync_recordmap_report_csv"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("count", [5, 50])
def test_changelist_takes_a_constant_number_of_queries(
    admin, connection, exporter, count, django_assert_max_num_queries
):
    for _ in range(count):
        exported(LeadFactory.create(owner=exporter), connection)
    with django_assert_max_num_queries(14):
        response = admin.get(reverse(URL))
    assert response.context["cl"].result_count == count
