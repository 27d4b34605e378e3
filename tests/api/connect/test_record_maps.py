"""GET /record-maps/ (the status report rows) and POST /record-maps/reexport/."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from sync.models import ExportJob, OutboundStatus, RecordMap
from sync.services.export.status import ADVICE
from tests.factories import StaffFactory
from tests.factories.sync import exported, failed_and_fine

pytestmark = pytest.mark.django_db

OS = OutboundStatus
MAPS = "/api/v1/record-maps/"
REEXPORT = "/api/v1/record-maps/reexport/"


@pytest.fixture
def rows(connection, exporter):
    return failed_and_fine(connection, exporter)


@pytest.fixture
def elsewhere(other_connection, foreign_lead):
    """A failed row of another company's connection."""
    return exported(
        foreign_lead,
        other_connection,
        outbound_status=OS.EXPORT_PUBLISH_EVENT_ERROR,
        external_id="00Qother",
    )


@pytest.fixture
def admin_exporter(plenty_of_seats, company, member):
    """A partner admin of the company who may also export."""
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True).user


def test_a_partner_admin_reads_their_connections_rows_with_advice(
    api_client_for, partner_admin, rows, elsewhere
):
    failed, fine = rows
    response = api_client_for(partner_admin).get(MAPS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert {row["id"] for row in results} == {failed.pk, fine.pk}
    row = next(row for row in results if row["id"] == failed.pk)
    assert row["record_id"] == failed.lead_id
    assert row["company"] == "Acme Partners"
    assert row["outbound_status"] == "ExportSubscribeFieldMapError"
    assert row["failed"] is True
    assert ADVICE[OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR] in row["advice"]
    assert "Globex" not in response.content.decode()


def test_a_vendor_admin_reads_every_connections_rows(api_client_for, vendor_admin, rows, elsewhere):
    results = api_client_for(vendor_admin).get(MAPS).json()["results"]

    assert {row["id"] for row in results} == {rows[0].pk, rows[1].pk, elsewhere.pk}


def test_the_report_filters_like_the_site_and_refuses_unknown_values(
    api_client_for, partner_admin, rows
):
    client = api_client_for(partner_admin)
    failed, fine = rows

    by_status = client.get(MAPS, {"outbound_status": "ExportSubscribeFieldMapError"}).json()
    assert [row["id"] for row in by_status["results"]] == [failed.pk]
    by_object = client.get(MAPS, {"object_type": "Opportunity"}).json()
    assert [row["id"] for row in by_object["results"]] == [fine.pk]
    by_inbound = client.get(MAPS, {"inbound_status": "ImportSuccess"}).json()
    assert [row["id"] for row in by_inbound["results"]] == [fine.pk]
    assert [r["id"] for r in client.get(MAPS, {"failed": "true"}).json()["results"]] == [failed.pk]
    bad = client.get(MAPS, {"outbound_status": "Nope"})
    assert bad.status_code == 400
    assert "outbound_status" in bad.json()["error"]["fields"]


def test_another_companys_row_is_not_found_for_a_partner_admin(
    api_client_for, partner_admin, rows, elsewhere
):
    response = api_client_for(partner_admin).get(f"{MAPS}{elsewhere.pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Not found."
    assert api_client_for(partner_admin).get(f"{MAPS}{rows[0].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["exporter", "staff_without_permission"])
def test_users_who_are_not_admins_may_not_read_the_report(api_client_for, exporter, rows, who):
    user = exporter if who == "exporter" else StaffFactory.create()
    response = api_client_for(user).get(MAPS)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_callers_are_refused(anonymous_api_client, rows):
    assert anonymous_api_client.get(MAPS).status_code == 401


def test_reexport_starts_an_export_of_the_failed_rows_only(
    api_client_for, admin_exporter, rows, elsewhere
):
    failed, fine = rows
    response = api_client_for(admin_exporter).post(
        REEXPORT, {"ids": [failed.pk, fine.pk, elsewhere.pk]}, format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["refused"] == []
    assert [(job["object_type"], job["size"]) for job in body["jobs"]] == [("Lead", 1)]
    job = ExportJob.objects.get()
    assert [item.record_map_id for item in job.items.all()] == [failed.pk]
    elsewhere.refresh_from_db()
    assert elsewhere.job_id is None


def test_reexport_without_a_failed_row_is_a_400_and_starts_nothing(
    api_client_for, admin_exporter, rows, elsewhere
):
    response = api_client_for(admin_exporter).post(
        REEXPORT, {"ids": [rows[1].pk, elsewhere.pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["ids"] == [
        "Select at least one failed row to re-export."
    ]
    assert not ExportJob.objects.exists()


def test_reexport_of_more_ids_than_two_jobs_may_hold_is_a_400_and_starts_nothing(
    api_client_for, admin_exporter, rows, settings
):
    settings.EXPORT_MAX_RECORDS = 2
    response = api_client_for(admin_exporter).post(
        REEXPORT, {"ids": list(range(1, 6))}, format="json"
    )
    assert response.status_code == 400
    assert "ids" in response.json()["error"]["fields"]
    assert not ExportJob.objects.exists()


def test_reexport_by_a_partner_admin_without_the_export_permission_is_forbidden(
    api_client_for, partner_admin, rows
):
    response = api_client_for(partner_admin).post(REEXPORT, {"ids": [rows[0].pk]}, format="json")

    assert response.status_code == 403
    assert "Export Vendor Records permission" in response.json()["error"]["message"]
    assert not ExportJob.objects.exists()
    assert (
        RecordMap.objects.get(pk=rows[0].pk).outbound_status == OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR
    )


def test_reexport_by_an_exporter_who_is_not_admin_is_forbidden(api_client_for, exporter, rows):
    response = api_client_for(exporter).post(REEXPORT, {"ids": [rows[0].pk]}, format="json")

    assert response.status_code == 403
    assert not ExportJob.objects.exists()
