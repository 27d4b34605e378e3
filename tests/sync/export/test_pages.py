"""Export Status in lists, detail pages and downloads; the Export action; job pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.services.sharing import share_grant
from sync.models import (
    ConnectionStatus,
    ExportJob,
    ExportStatus,
    ImportLog,
    ImportLogStatus,
    ItemStatus,
    JobStatus,
    OutboundStatus,
    RecordMap,
)
from tests.factories import LeadFactory, OpportunityFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import enabled_connection, exported, job_with

pytestmark = pytest.mark.django_db

LIST = reverse("portal:lead-list")
STATUS_COLS = {"cols": ["name", "export_status"]}


@pytest.fixture
def four_leads(connection, exporter):
    """Leads of the exporter in each stored status, and one never exported."""
    leads = {
        name: LeadFactory.create(owner=exporter, last_name=name)
        for name in ("Done", "Half", "Broken", "Never")
    }
    exported(leads["Done"], connection)
    exported(
        leads["Half"],
        connection,
        outbound_status=OutboundStatus.EXPORT_SUCCESS_PARTIAL,
        export_status=ExportStatus.PARTIAL,
    )
    exported(
        leads["Broken"],
        connection,
        outbound_status=OutboundStatus.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR,
        export_status=ExportStatus.FAILED,
        last_error_code="REQUIRED_FIELD_MISSING",
        last_error_message="Required fields are missing: [Company]",
    )
    return leads


def _statuses(response) -> dict[str, str]:
    return {record.last_name: values[1] for record, _, values in response.context["rows"]}


def test_list_shows_each_records_export_status_with_the_error_on_hover(
    client, exporter, four_leads
):
    client.force_login(exporter)
    response = client.get(LIST, STATUS_COLS)
    assert _statuses(response) == {
        "Done": "Exported",
        "Half": "Partially Exported",
        "Broken": "Failed",
        "Never": "Not Exported",
    }
    body = response.content.decode()
    assert (
        '<span title="REQUIRED_FIELD_MISSING: Required fields are missing: [Company]">Failed</span>'
        in body
    )
    assert '<td data-label="Export Status">Exported</td>' in body


def test_list_shows_only_the_status_in_the_viewers_own_companys_org(client, exporter, four_leads):
    other = enabled_connection(partner_account=PartnerAccountFactory.create())
    never = four_leads["Never"]
    exported(never, other)
    client.force_login(exporter)
    assert _statuses(client.get(LIST, STATUS_COLS))["Never"] == "Not Exported"


def test_vendor_staff_see_the_latest_status_of_any_partner_org(client, four_leads):
    client.force_login(StaffFactory.create())
    statuses = _statuses(client.get(LIST, STATUS_COLS))
    assert statuses["Done"] == "Exported"
    assert statuses["Broken"] == "Failed"
    assert statuses["Never"] == "Not Exported"


@pytest.mark.parametrize(
    ("label", "names"),
    [
        ("Exported", ["Done"]),
        ("Partially Exported", ["Half"]),
        ("Failed", ["Broken"]),
        ("Not Exported", ["Never"]),
        ("In Progress", []),
    ],
)
def test_the_export_status_filter_keeps_matching_records(
    client, exporter, four_leads, label, names
):
    client.force_login(exporter)
    response = client.get(LIST, {"export_status": label, "cols": ["name"]})
    assert sorted(r.last_name for r, _, _ in response.context["rows"]) == names
    assert response.context["total"] == len(names)


def test_the_list_sorts_by_export_status(client, exporter, four_leads):
    client.force_login(exporter)
    response = client.get(LIST, {**STATUS_COLS, "sort": "export_status"})
    assert [r.last_name for r, _, _ in response.context["rows"]] == [
        "Done",
        "Broken",
        "Never",
        "Half",
    ]
    response = client.get(LIST, {**STATUS_COLS, "sort": "-export_status"})
    assert [r.last_name for r, _, _ in response.context["rows"]] == [
        "Half",
        "Never",
        "Broken",
        "Done",
    ]
    assert 'aria-sort="descending"' in response.content.decode()


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(db) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_exported_rows(client, exporter, connection, settings):
    settings.LIST_PAGE_SIZE = 100
    client.force_login(exporter)
    params = {"cols": ["name", "owner", "export_status"], "export_status": ""}
    for n in range(5):
        lead = LeadFactory.create(owner=exporter)
        if n % 2:
            exported(lead, connection)
    few = _queries(client, LIST, params)
    for n in range(25):
        lead = LeadFactory.create(owner=exporter)
        if n % 2:
            exported(lead, connection, export_status=ExportStatus.FAILED, last_error_code="X")
    assert _queries(client, LIST, params) == few
    assert _queries(client, LIST, {**params, "sort": "export_status"}) == few


def test_csv_download_holds_the_export_status_labels(client, exporter, four_leads):
    client.force_login(exporter)
    response = client.get(
        reverse("portal:lead-download"),
        {"format": "csv", "cols": ["name", "export_status"], "sort": "name"},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["Name", "Export Status"],
        *sorted(
            [
                [str(four_leads["Broken"]), "Failed"],
                [str(four_leads["Done"]), "Exported"],
                [str(four_leads["Half"]), "Partially Exported"],
                [str(four_leads["Never"]), "Not Exported"],
            ],
            key=lambda row: four_leads[row[0].split()[-1]].last_name,
        ),
    ]


def test_xlsx_download_holds_the_export_status_labels(client, exporter, four_leads):
    client.force_login(exporter)
    response = client.get(
        reverse("portal:lead-download"), {"format": "xlsx", "cols": ["name", "export_status"]}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {"Exported", "Partially Exported", "Failed", "Not Exported"}


def test_detail_shows_status_outbound_status_error_and_the_last_job(client, exporter, four_leads):
    broken = RecordMap.objects.get(lead=four_leads["Broken"])
    job = job_with([broken], actor=exporter, status=JobStatus.FAILED)
    client.force_login(exporter)
    body = client.get(
        reverse("portal:lead-detail", args=[four_leads["Broken"].pk])
    ).content.decode()
    assert ">Failed</span>" in body
    # The outbound status by its label and meaning, not Salesforce's code.
    assert '<span class="status">Export failed: refused by the partner org</span>' in body
    assert "The partner org refused a field&#x27;s value." in body
    assert "ExportSubscribeFieldMapError" not in body
    assert "<code>REQUIRED_FIELD_MISSING</code> Required fields are missing: [Company]" in body
    assert reverse("sync:export-job", args=[job.batch_id]) in body


def test_detail_of_a_never_exported_record_says_not_exported(client, exporter, four_leads):
    client.force_login(exporter)
    body = client.get(reverse("portal:lead-detail", args=[four_leads["Never"].pk])).content.decode()
    assert '<span class="badge">Not Exported</span>' in body
    assert "Outbound status" not in body


def test_export_action_shows_only_to_users_who_may_export(
    client, exporter, partner_admin, connection
):
    lead = LeadFactory.create(owner=exporter)
    confirm = reverse("sync:export-confirm", args=["lead"])
    client.force_login(exporter)
    assert confirm in client.get(LIST).content.decode()
    assert confirm in client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    client.force_login(partner_admin)
    assert confirm not in client.get(LIST).content.decode()


def test_export_action_disappears_with_the_connection_but_statuses_stay(
    client, exporter, connection, four_leads
):
    connection.status = ConnectionStatus.DISABLED
    connection.save()
    client.force_login(exporter)
    response = client.get(LIST, STATUS_COLS)
    assert reverse("sync:export-confirm", args=["lead"]) not in response.content.decode()
    assert _statuses(response)["Done"] == "Exported"


def test_confirmation_shows_the_count_and_fields_and_creates_nothing(client, exporter, connection):
    ids = [LeadFactory.create(owner=exporter).pk for _ in range(2)]
    client.force_login(exporter)
    response = client.get(reverse("sync:export-confirm", args=["lead"]), {"selected": ids})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Send 2 leads to" in body
    assert '<th scope="row">Last name</th><td><code>LastName</code></td>' in body
    assert ExportJob.objects.count() == 0


def test_a_refused_export_shows_the_reason_on_the_list_and_creates_nothing(
    client, exporter, connection
):
    hidden = LeadFactory.create()
    client.force_login(exporter)
    response = client.post(
        reverse("sync:export-confirm", args=["lead"]), {"selected": [hidden.pk]}, follow=True
    )
    assert response.redirect_chain[-1][0] == LIST
    assert "1 of the 1 selected records was not found." in response.content.decode()
    assert ExportJob.objects.count() == 0
    assert RecordMap.objects.count() == 0


def test_confirming_starts_the_export_and_opens_its_job_page(
    client, exporter, connection, settings
):
    lead = LeadFactory.create(owner=exporter)
    client.force_login(exporter)
    response = client.post(reverse("sync:export-confirm", args=["opportunity"]), {"selected": []})
    assert response.status_code == 302
    assert ExportJob.objects.count() == 0
    response = client.post(reverse("sync:export-confirm", args=["lead"]), {"selected": [lead.pk]})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("sync:export-job", args=[job.batch_id])
    page = client.get(response["Location"]).content.decode()
    assert "Export of 1 lead started." in page
    leads = [LeadFactory.create(owner=exporter) for _ in range(2)]
    response = client.post(
        reverse("sync:export-confirm", args=["lead"]), {"selected": [x.pk for x in leads]}
    )
    assert "Export of 2 leads started." in client.get(response["Location"]).content.decode()


def _running_job(connection, exporter, leads):
    maps = [exported(lead, connection) for lead in leads]
    job = job_with(maps, actor=exporter, status=JobStatus.RUNNING, processed=1, succeeded=1)
    job.items.filter(order=1).update(
        status=ItemStatus.SENT, outbound_status=OutboundStatus.EXPORT_SUCCESS
    )
    job.items.filter(order=2).update(
        status=ItemStatus.FAILED,
        outbound_status=OutboundStatus.EXPORT_SUBSCRIBE_UNKNOWN_ERROR,
        error_code="STRING_TOO_LONG",
        error_message="Company: data value too large",
        error_fields=["Company"],
    )
    ImportLog.objects.create(
        job=job,
        connection=connection,
        chunk=1,
        status=ImportLogStatus.COMPLETED,
        result={"chunk": 1, "records": [{"order": 1, "success": True}]},
    )
    return job


def test_job_page_shows_progress_results_and_import_logs(client, exporter, connection):
    leads = [LeadFactory.create(owner=exporter, last_name=n) for n in ("Alpha", "Beta")]
    job = _running_job(connection, exporter, leads)
    client.force_login(exporter)
    body = client.get(reverse("sync:export-job", args=[job.batch_id])).content.decode()
    assert '<progress id="job-progress-bar" max="2" value="1">1 of 2</progress>' in body
    assert 'hx-trigger="every 1s"' in body
    assert f'<a href="{reverse("portal:lead-detail", args=[leads[0].pk])}">' in body
    assert '<span class="status">Exported</span>' in body  # ExportSuccess, by its label
    assert "<code>STRING_TOO_LONG</code>" in body
    assert "Company: data value too large" in body
    # The record's own data was refused: the advice names the field to correct.
    assert "correct the record&#x27;s Company and re-export" in body
    assert "Chunk 1: External Record Import, Completed" in body
    assert "&quot;success&quot;: true" in body
    # The import log reads as a table; its JSON stays one click away.
    assert "What the partner org answered for each record of chunk 1" in body
    assert "<td>Succeeded</td>" in body
    assert "<summary>The import log as JSON</summary>" in body


def test_job_page_says_until_when_it_waits_for_api_capacity(client, exporter, connection):
    job = _running_job(
        connection,
        exporter,
        [LeadFactory.create(owner=exporter)] * 1 + [LeadFactory.create(owner=exporter)],
    )
    when = timezone.localtime() + dt.timedelta(minutes=15)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.WAITING, next_attempt_at=when)
    client.force_login(exporter)
    body = client.get(reverse("sync:export-job", args=[job.batch_id])).content.decode()
    # The site's one time format, with the time zone.
    assert f"Waiting for API capacity until {when:%H:%M} UTC." in body


def test_progress_endpoint_polls_while_running_and_stops_with_the_results_when_done(
    client, exporter, connection
):
    job = _running_job(connection, exporter, [LeadFactory.create(owner=exporter) for _ in range(2)])
    url = reverse("sync:export-job-progress", args=[job.batch_id])
    client.force_login(exporter)
    response = client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="job-progress-bar" max="2" value="1">' in body
    # The live region keeps its place: only its text is sent, out of band.
    assert '<p id="job-progress-status" hx-swap-oob="innerHTML">' in body
    assert "aria-live" not in body and "job-results" not in body
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.COMPLETED, processed=2)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 286  # htmx stops polling, and swaps the final state in
    assert "HX-Refresh" not in response
    body = response.content.decode()
    assert '<div id="job-results" hx-swap-oob="outerHTML">' in body
    assert "Each record&#x27;s result" in body or "Each record's result" in body


def test_job_pages_are_not_found_for_other_users_and_open_to_admins_and_staff(
    client, exporter, partner_admin, connection, plenty_of_seats, member, company
):
    job = _running_job(connection, exporter, [LeadFactory.create(owner=exporter) for _ in range(2)])
    url = reverse("sync:export-job", args=[job.batch_id])
    colleague = member(company, can_export=True).user
    stranger = member(PartnerAccountFactory.create(), is_partner_admin=True).user
    for user, status in (
        (exporter, 200),
        (partner_admin, 200),
        (StaffFactory.create(), 200),
        (colleague, 404),
        (stranger, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
        progress = reverse("sync:export-job-progress", args=[job.batch_id])
        assert client.get(progress).status_code == status


def test_a_partner_admin_sees_names_only_of_records_they_can_see(
    client, exporter, partner_admin, connection
):
    seen = LeadFactory.create(owner=exporter, last_name="Seen")
    shared = LeadFactory.create(last_name="Confidential")
    share_grant(actor=None, records=[shared], level="read", user=exporter)
    job = _running_job(connection, exporter, [seen, shared])
    client.force_login(partner_admin)
    body = client.get(reverse("sync:export-job", args=[job.batch_id])).content.decode()
    assert "Seen" in body
    assert "Confidential" not in body
    assert f"Lead {shared.pk}" in body


def test_my_exports_lists_own_jobs_and_for_admins_the_companys(
    client, exporter, partner_admin, connection, member, company
):
    colleague = member(company, can_export=True).user
    mine = _running_job(
        connection, exporter, [LeadFactory.create(owner=exporter) for _ in range(2)]
    )
    theirs = job_with([exported(OpportunityFactory.create(), connection)], actor=colleague)
    url = reverse("sync:export-list")
    client.force_login(exporter)
    assert list(client.get(url).context["page"].object_list) == [mine]
    client.force_login(partner_admin)
    assert list(client.get(url).context["page"].object_list) == [theirs, mine]
