"""The partner admin's status report on the partner site: access, rows, filters, CSV, re-export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from sync.models import ExportJob, ExportJobItem, InboundStatus, OutboundStatus, RecordMap
from sync.services.export.status import ADVICE
from tests.factories import LeadFactory, PartnerAccountFactory
from tests.factories.sync import enabled_connection, exported, failed_and_fine

pytestmark = pytest.mark.django_db

OS = OutboundStatus
URL = reverse("sync:report-list")
REEXPORT = reverse("sync:report-reexport")


@pytest.fixture
def rows(connection, exporter):
    return failed_and_fine(connection, exporter, opportunity_name="@SUM(A1)")


@pytest.fixture
def elsewhere(plenty_of_seats, member):
    """A failed row of another company's connection."""
    other = PartnerAccountFactory.create(name="Globex Resellers")
    user = member(other, PartnerRole.USER, can_export=True).user
    lead = LeadFactory.create(owner=user, last_name="Elsewhere")
    return exported(
        lead,
        enabled_connection(partner_account=other),
        outbound_status=OS.EXPORT_PUBLISH_EVENT_ERROR,
        external_id="00Qother",
    )


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_partner_admin_sees_own_rows_with_advice_never_another_companys(
    client, partner_admin, rows, elsewhere
):
    client.force_login(partner_admin)
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert {row.record_map.external_id for row in response.context["rows"]} == {
        "00Qfailed",
        "006fine",
    }
    assert "Ada Lovelace" in body
    assert "fix the mapping or the owner, then re-export" in body
    assert "00Qother" not in body and "Elsewhere" not in body
    assert body.count('name="selected"') == 1


@pytest.mark.parametrize("role_kwargs", [{"can_export": True}, {}])
def test_a_partner_user_who_is_not_admin_is_refused(
    client, connection, rows, plenty_of_seats, company, member, role_kwargs
):
    client.force_login(member(company, PartnerRole.USER, **role_kwargs).user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403
    failed, _ = rows
    assert client.post(REEXPORT, {"selected": [failed.pk]}).status_code == 403
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"object_type": "Lead"}, ["00Qfailed"]),
        ({"outbound_status": OS.EXPORT_SUCCESS}, ["006fine"]),
        ({"inbound_status": InboundStatus.IMPORT_CONNECTED_RECORD_ERROR}, ["00Qfailed"]),
        ({"object_type": "Nonsense"}, ["006fine", "00Qfailed"]),
    ],
)
def test_filters_keep_matching_rows(client, partner_admin, rows, params, expected):
    client.force_login(partner_admin)
    got = client.get(URL, params).context["rows"]
    assert sorted(row.record_map.external_id for row in got) == expected


def test_empty_state_without_exported_records(client, partner_admin, connection):
    client.force_login(partner_admin)
    body = client.get(URL).content.decode()
    assert "No records exported to your org yet" in body
    assert "Re-export selected" not in body


def test_pages_of_fifty_rows(client, partner_admin, connection, exporter):
    for _ in range(51):
        exported(LeadFactory.create(owner=exporter), connection)
    client.force_login(partner_admin)
    assert len(client.get(URL).context["rows"]) == 50
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 1


@pytest.mark.parametrize("count", [5, 50])
def test_page_takes_a_constant_number_of_queries(
    client, partner_admin, connection, exporter, count, django_assert_max_num_queries
):
    for _ in range(count):
        exported(LeadFactory.create(owner=exporter), connection)
    client.force_login(partner_admin)
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert len(response.context["rows"]) == count


def test_csv_holds_the_filtered_rows_formula_safe(client, partner_admin, rows, elsewhere):
    client.force_login(partner_admin)
    lines = _csv(client.get(URL, {"format": "csv"}))
    by_external_id = {line[8]: line for line in lines[1:]}
    assert set(by_external_id) == {"00Qfailed", "006fine"}
    assert by_external_id["006fine"][1] == "'@SUM(A1)"
    assert by_external_id["00Qfailed"][10] == ADVICE[OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR]
    only_leads = _csv(client.get(URL, {"format": "csv", "object_type": "Lead"}))
    assert [line[8] for line in only_leads[1:]] == ["00Qfailed"]


def test_reexport_sends_the_selected_failed_rows_through_the_export_service(
    client, partner_admin, rows, elsewhere
):
    failed, fine = rows
    client.force_login(partner_admin)
    response = client.post(REEXPORT, {"selected": [failed.pk, fine.pk, elsewhere.pk]}, follow=True)
    (job,) = ExportJob.objects.all()
    assert (job.actor, job.object_type, job.size) == (partner_admin, "Lead", 1)
    assert list(ExportJobItem.objects.values_list("record_map_id", flat=True)) == [failed.pk]
    assert RecordMap.objects.get(pk=failed.pk).job == job
    assert "Re-export of 1 lead started." in response.content.decode()


def test_reexport_is_refused_whole_without_the_export_permission(
    client, plenty_of_seats, company, member, connection, rows
):
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    failed, _ = rows
    client.force_login(admin)
    response = client.post(REEXPORT, {"selected": [failed.pk]}, follow=True)
    assert "You do not have the Export Vendor Records permission" in response.content.decode()
    assert ExportJob.objects.count() == 0
    assert ExportJobItem.objects.count() == 0
    assert RecordMap.objects.get(pk=failed.pk).job is None


def test_reexport_with_nothing_failed_selected_creates_nothing(client, partner_admin, rows):
    _, fine = rows
    client.force_login(partner_admin)
    response = client.post(REEXPORT, {"selected": [fine.pk]}, follow=True)
    assert "Select at least one failed row to re-export." in response.content.decode()
    assert ExportJob.objects.count() == 0


def test_my_exports_links_to_the_status_report(client, partner_admin):
    client.force_login(partner_admin)
    assert f'href="{URL}"' in client.get(reverse("sync:export-list")).content.decode()


def test_the_setup_page_links_to_the_report(client, partner_admin, connection):
    client.force_login(partner_admin)
    page = client.get(reverse("sync:connect-setup")).content.decode()
    assert reverse("sync:report-list") in page
