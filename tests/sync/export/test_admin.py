"""Admin of export jobs, record maps and import logs: lists and filters, never edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sync.models import ExportJob, ExportStatus, ImportLog, JobStatus, OutboundStatus, RecordMap
from tests.factories import LeadFactory, StaffFactory
from tests.factories.sync import exported, job_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    client.force_login(StaffFactory.create(is_superuser=True))
    return client


@pytest.fixture
def job(connection, exporter):
    record_map = exported(LeadFactory.create(owner=exporter), connection)
    job = job_with([record_map], actor=exporter, status=JobStatus.COMPLETED, succeeded=1)
    ImportLog.objects.create(job=job, connection=connection, chunk=1, result={"records": []})
    return job


def test_export_jobs_list_with_company_status_and_counts_and_filter(admin, job, company):
    url = reverse("admin:sync_exportjob_changelist")
    body = admin.get(url).content.decode()
    assert company.name in body
    assert "Completed" in body
    assert admin.get(url, {"status__exact": JobStatus.FAILED}).context["cl"].result_count == 0
    assert admin.get(url, {"status__exact": JobStatus.COMPLETED}).context["cl"].result_count == 1
    detail = admin.get(reverse("admin:sync_exportjob_change", args=[job.pk]))
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False


def test_record_maps_filter_by_connection_object_and_statuses(admin, job, connection):
    url = reverse("admin:sync_recordmap_changelist")
    for params, count in (
        ({"connection__id__exact": connection.pk}, 1),
        ({"object_type__exact": "Opportunity"}, 0),
        ({"outbound_status__exact": OutboundStatus.EXPORT_SUCCESS}, 1),
        ({"export_status__exact": ExportStatus.FAILED}, 0),
    ):
        assert admin.get(url, params).context["cl"].result_count == count


@pytest.mark.parametrize("model", [ExportJob, RecordMap, ImportLog])
def test_nobody_adds_edits_or_deletes_export_rows_in_admin(admin, job, model):
    name = model._meta.model_name
    row = model.objects.first()
    assert admin.get(reverse(f"admin:sync_{name}_add")).status_code == 403
    assert admin.get(reverse(f"admin:sync_{name}_change", args=[row.pk])).status_code == 200
    response = admin.post(reverse(f"admin:sync_{name}_change", args=[row.pk]), {})
    assert response.status_code == 403
    assert (
        admin.post(reverse(f"admin:sync_{name}_delete", args=[row.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert model.objects.filter(pk=row.pk).exists()
