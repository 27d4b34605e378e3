"""POST /exports/ starts an export through export_start; jobs and their records are read back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.services.memberships import membership_update
from sync.models import ConnectionStatus, ExportJob, JobStatus, RecordMap
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports/"


def nothing_exported() -> bool:
    return not ExportJob.objects.exists() and not RecordMap.objects.exists()


def test_the_exports_route_is_named_in_the_api_namespace():
    assert reverse("api:export-list") == EXPORTS


def test_an_exporter_starts_an_export_and_gets_the_queued_job(
    api_client_for, connection, exporter, leads
):
    ids = [lead.pk for lead in leads]
    response = api_client_for(exporter).post(
        EXPORTS, {"object_type": "lead", "record_ids": ids}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    job = ExportJob.objects.get()
    assert body["batch_id"] == str(job.batch_id)
    assert (body["object_type"], body["status"], body["size"]) == ("Lead", "Queued", 3)
    assert body["progress"] == 0
    assert body["company"] == "Acme Partners"
    assert [item.record_map.lead_id for item in job.items.order_by("order")] == ids
    assert RecordMap.objects.filter(connection=connection).count() == 3


def test_an_export_runs_against_the_org_and_the_job_shows_each_records_result(
    api_client_for, org_connection, exporter, leads, django_capture_on_commit_callbacks
):
    client = api_client_for(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            EXPORTS, {"object_type": "Lead", "record_ids": [lead.pk for lead in leads]}
        )
    assert response.status_code == 201
    batch_id = response.json()["batch_id"]

    detail = client.get(f"{EXPORTS}{batch_id}/").json()
    assert (detail["status"], detail["succeeded"], detail["failed"]) == ("Completed", 3, 0)
    assert detail["progress"] == 100
    items = client.get(f"{EXPORTS}{batch_id}/items/", {"page_size": 2}).json()
    assert [row["order"] for row in items["results"]] == [1, 2]
    assert items["results"][0] == {
        "order": 1,
        "record_id": leads[0].pk,
        "object_type": "Lead",
        "status": "Sent",
        "outbound_status": "ExportSuccess",
        "error_code": "",
        "error_message": "",
        "error_fields": [],
        "advice": "",
    }
    rest = client.get(items["next"]).json()
    assert [row["record_id"] for row in rest["results"]] == [leads[2].pk]


def test_anonymous_and_wrong_token_requests_are_refused_and_start_nothing(
    anonymous_api_client, connection, leads
):
    body = {"object_type": "Lead", "record_ids": [leads[0].pk]}
    assert anonymous_api_client.post(EXPORTS, body).status_code == 401
    anonymous_api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous_api_client.post(EXPORTS, body)

    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401
    assert nothing_exported()


def test_an_export_without_a_held_seat_is_forbidden_and_starts_nothing(
    api_client_for, connection, exporter, leads
):
    membership_update(actor=None, membership=exporter.membership, is_active=False)
    response = api_client_for(exporter).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [leads[0].pk]}
    )

    assert response.status_code == 403
    assert "active PRM seat" in response.json()["error"]["message"]
    assert nothing_exported()


def test_an_export_without_the_export_permission_is_forbidden_and_starts_nothing(
    api_client_for, connection, partner_admin
):
    lead = LeadFactory.create(owner=partner_admin)
    response = api_client_for(partner_admin).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [lead.pk]}
    )

    assert response.status_code == 403
    assert "Export Vendor Records permission" in response.json()["error"]["message"]
    assert nothing_exported()


def test_vendor_staff_cannot_export(api_client_for, connection, vendor_admin, leads):
    response = api_client_for(vendor_admin).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [leads[0].pk]}
    )

    assert response.status_code == 403
    assert nothing_exported()


def test_another_companys_record_ids_are_refused_without_naming_them(
    api_client_for, connection, exporter, leads, foreign_lead
):
    response = api_client_for(exporter).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [leads[0].pk, foreign_lead.pk]}
    )

    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message == "1 of the 2 selected records was not found. Nothing was exported."
    assert "Globex" not in response.content.decode()
    assert nothing_exported()


def test_a_missing_record_id_reads_exactly_like_another_companys(
    api_client_for, connection, exporter, leads, foreign_lead
):
    client = api_client_for(exporter)
    foreign = client.post(EXPORTS, {"object_type": "Lead", "record_ids": [foreign_lead.pk]})
    missing = client.post(EXPORTS, {"object_type": "Lead", "record_ids": [foreign_lead.pk + 999]})

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert nothing_exported()


def test_an_export_on_a_disabled_connection_is_a_conflict_and_starts_nothing(
    api_client_for, connection, exporter, leads
):
    connection.status = ConnectionStatus.DISABLED
    connection.save()
    response = api_client_for(exporter).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [leads[0].pk]}
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "connection_not_enabled"
    assert "connection to its Salesforce org is not enabled" in error["message"]
    assert nothing_exported()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"object_type": "Account", "record_ids": [1]}, "object_type"),
        ({"object_type": "Lead", "record_ids": ["abc"]}, "record_ids"),
        ({"object_type": "Lead"}, "record_ids"),
    ],
)
def test_invalid_export_bodies_are_a_400_naming_the_field(
    api_client_for, connection, exporter, body, field
):
    response = api_client_for(exporter).post(EXPORTS, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert nothing_exported()


def test_an_empty_selection_is_refused_by_the_service(api_client_for, connection, exporter):
    response = api_client_for(exporter).post(EXPORTS, {"object_type": "Lead", "record_ids": []})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Select at least one record to export."
    assert nothing_exported()


def test_an_export_over_the_size_limit_is_refused(
    api_client_for, connection, exporter, leads, settings
):
    settings.EXPORT_MAX_RECORDS = 2
    response = api_client_for(exporter).post(
        EXPORTS, {"object_type": "Lead", "record_ids": [lead.pk for lead in leads]}
    )

    assert response.status_code == 400
    assert "at most 2 records" in response.json()["error"]["message"]
    assert nothing_exported()


def _start(client, leads):
    response = client.post(EXPORTS, {"object_type": "Lead", "record_ids": [x.pk for x in leads]})
    assert response.status_code == 201
    return response.json()["batch_id"]


def test_the_job_list_shows_the_callers_own_jobs_not_a_colleagues(
    api_client_for, connection, exporter, leads, member, company
):
    colleague = member(company, can_export=True).user
    theirs = LeadFactory.create(owner=colleague)
    mine = _start(api_client_for(exporter), leads[:1])
    other = _start(api_client_for(colleague), [theirs])

    listed = api_client_for(exporter).get(EXPORTS).json()["results"]
    assert [job["batch_id"] for job in listed] == [mine]
    assert api_client_for(exporter).get(f"{EXPORTS}{other}/").status_code == 404


def test_a_partner_admin_sees_every_job_of_the_company(
    api_client_for, connection, exporter, partner_admin, leads
):
    batch_id = _start(api_client_for(exporter), leads)

    listed = api_client_for(partner_admin).get(EXPORTS).json()["results"]
    assert [job["batch_id"] for job in listed] == [batch_id]
    assert api_client_for(partner_admin).get(f"{EXPORTS}{batch_id}/items/").status_code == 200


def test_another_companys_job_is_not_found_and_absent_from_lists(
    api_client_for, connection, exporter, leads, other_connection, other_exporter, foreign_lead
):
    foreign = _start(api_client_for(other_exporter), [foreign_lead])
    client = api_client_for(exporter)

    assert client.get(EXPORTS).json()["results"] == []
    for path in (f"{EXPORTS}{foreign}/", f"{EXPORTS}{foreign}/items/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Not found."


def test_a_vendor_admin_sees_every_companys_jobs(
    api_client_for, connection, exporter, leads, vendor_admin
):
    batch_id = _start(api_client_for(exporter), leads)

    listed = api_client_for(vendor_admin).get(EXPORTS).json()["results"]
    assert [job["batch_id"] for job in listed] == [batch_id]


def test_a_malformed_batch_id_is_not_found(api_client_for, exporter):
    response = api_client_for(exporter).get(f"{EXPORTS}not-a-uuid/items/")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Not found."


def test_the_job_list_filters_by_status_and_refuses_unknown_values(
    api_client_for, connection, exporter, leads
):
    _start(api_client_for(exporter), leads)
    client = api_client_for(exporter)

    assert len(client.get(EXPORTS, {"status": JobStatus.QUEUED}).json()["results"]) == 1
    assert client.get(EXPORTS, {"status": JobStatus.COMPLETED}).json()["results"] == []
    bad = client.get(EXPORTS, {"status": "Bogus"})
    assert bad.status_code == 400
    assert "status" in bad.json()["error"]["fields"]
    # An ordering outside the whitelist is refused, never applied.
    assert client.get(EXPORTS, {"ordering": "actor__password"}).status_code == 400


def test_a_queued_jobs_records_are_pending_with_no_outbound_status_yet(
    api_client_for, connection, exporter, leads
):
    batch_id = _start(api_client_for(exporter), leads[:1])

    (row,) = api_client_for(exporter).get(f"{EXPORTS}{batch_id}/items/").json()["results"]
    assert (row["status"], row["outbound_status"], row["advice"]) == ("Pending", "", "")


def test_ids_too_large_for_the_database_are_a_400(
    api_client_for, connection, exporter, partner_admin
):
    client = api_client_for(exporter)
    response = client.post(EXPORTS, {"object_type": "Lead", "record_ids": [2**64]}, format="json")

    assert response.status_code == 400
    assert "record_ids" in response.json()["error"]["fields"]
    admin = api_client_for(partner_admin)
    assert admin.get("/api/v1/record-maps/", {"connection": 2**64}).status_code == 400
    assert client.get("/api/v1/connected-leads/", {"record": 2**64}).status_code == 400
    assert nothing_exported()
