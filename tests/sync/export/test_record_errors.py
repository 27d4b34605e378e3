"""The partner org refusing a record's own data is a record error, with advice naming the field;
a job that ends keeps no stale problem; a busy refusal counts only the overlapping records."""

from __future__ import annotations

import pytest
from django.core import mail

from emulator.control import org_faults_set, org_records
from portal.models import Lead
from sync.errors import ExportBusy
from sync.models import (
    ExportJob,
    ExportStatus,
    InboundStatus,
    ItemStatus,
    JobStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.export import start as export_start_module
from sync.services.export.start import export_start
from sync.services.export.status import (
    FIELD_MAP_ERROR_CODES,
    advice_for,
    advice_for_statuses,
    outbound_for_error,
)
from sync.tasks import failure_digest_run
from tests.factories import LeadFactory
from tests.factories.sync import ExportJobFactory
from tests.helpers.export import export_and_run, many_leads, run_scheduled

pytestmark = pytest.mark.django_db
OS = OutboundStatus
DATA_ERRORS = [
    "INVALID_EMAIL_ADDRESS",
    "REQUIRED_FIELD_MISSING",
    "STRING_TOO_LONG",
    "INVALID_TYPE_ON_FIELD_IN_RECORD",
    "FIELD_CUSTOM_VALIDATION_EXCEPTION",
]


def _with_bad_email(lead: Lead) -> Lead:
    """The lead with an email the partner org refuses (saved before the site validated it)."""
    Lead.objects.filter(pk=lead.pk).update(email="not-an-email")
    return lead


@pytest.mark.parametrize("code", DATA_ERRORS)
def test_a_refusal_of_the_records_data_is_a_record_error_not_a_mapping_error(code):
    outbound = outbound_for_error(code)
    assert outbound == OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR
    advice = advice_for(outbound, code=code, fields=["Email"])
    assert advice == (
        "The partner org refused this record's data: correct the record's Email and re-export."
    )
    assert "mapping" not in advice


def test_the_advice_names_every_refused_field_once_or_the_data_when_none_is_named():
    code = "FIELD_CUSTOM_VALIDATION_EXCEPTION"
    fields = ["Email", "Phone", "Email", "Title"]
    assert "correct the record's Email, Phone and Title and re-export" in advice_for(
        OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, code=code, fields=fields
    )
    assert "correct the record's data and re-export" in advice_for(
        OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, code=code
    )
    assert "correct the record's data" in advice_for_statuses(
        OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, InboundStatus.IMPORT_CONNECTED_RECORD_ERROR, code=code
    )


@pytest.mark.parametrize("code", ["INVALID_FIELD", "INVALID_CROSS_REFERENCE_KEY"])
def test_mapping_and_owner_errors_keep_the_mapping_advice(code):
    outbound = outbound_for_error(code)
    assert outbound == OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR
    assert "fix the mapping or the owner" in advice_for(outbound, code=code, fields=["OwnerId"])


def test_updates_still_treat_data_errors_as_field_map_errors():
    # A refused update is not re-exported; pushes and polls keep their own classification.
    assert set(DATA_ERRORS) - {"FIELD_CUSTOM_VALIDATION_EXCEPTION"} <= FIELD_MAP_ERROR_CODES


def test_an_invalid_email_fails_the_record_as_a_record_error_with_the_field_to_correct(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks, client
):
    good = LeadFactory.create(owner=exporter, email="ada@example.com")
    bad = _with_bad_email(LeadFactory.create(owner=exporter))
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [good.pk, bad.pk]
    )
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, 1, 1)
    item = job.items.get(order=2)
    assert (item.status, item.outbound_status, item.error_code, item.error_fields) == (
        ItemStatus.FAILED,
        OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR,
        "INVALID_EMAIL_ADDRESS",
        ["Email"],
    )
    record_map = RecordMap.objects.get(lead=bad)
    assert (record_map.export_status, record_map.inbound_status) == (
        ExportStatus.FAILED,
        InboundStatus.IMPORT_CONNECTED_RECORD_ERROR,
    )
    advice = "correct the record&#x27;s Email and re-export"
    assert [
        r["Vendor_Record_Id__c"] for r in org_records(org.base_url, host=org.host, sobject="Lead")
    ] == [str(good.pk)]
    (message,) = mail.outbox
    assert "correct the record's Email and re-export" in message.body
    assert "fix the mapping or the owner" not in message.body
    client.force_login(exporter)
    page = client.get(f"/exports/{job.batch_id}/").content.decode()
    assert advice in page
    assert "fix the mapping or the owner" not in page


def test_a_job_that_completes_after_a_retry_keeps_no_stale_problem(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    org_faults_set(org.base_url, host=org.host, lock_row=1)
    leads = many_leads(exporter, 2)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [x.pk for x in leads]
    )
    assert job.status == JobStatus.RETRYING
    assert job.last_error == "Some records were locked in the partner org."
    job = run_scheduled(django_capture_on_commit_callbacks, job)
    assert (job.status, job.succeeded, job.last_error) == (JobStatus.COMPLETED, 2, "")


def test_a_job_that_completes_with_record_failures_keeps_no_stale_problem(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    org_faults_set(org.base_url, host=org.host, lock_row=1)
    good = LeadFactory.create(owner=exporter)
    bad = _with_bad_email(LeadFactory.create(owner=exporter))
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [good.pk, bad.pk]
    )
    assert job.status == JobStatus.RETRYING and job.last_error
    job = run_scheduled(django_capture_on_commit_callbacks, job)
    assert (job.status, job.succeeded, job.failed, job.last_error) == (
        JobStatus.COMPLETED,
        1,
        1,
        "",
    )


def test_a_job_given_up_says_why_it_ended(
    org, org_connection, exporter, django_capture_on_commit_callbacks, settings
):
    settings.EXPORT_MAX_ATTEMPTS = 1
    org_faults_set(org.base_url, host=org.host, status_503=5)
    lead = LeadFactory.create(owner=exporter)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert job.status == JobStatus.FAILED
    assert "gave up after 1 tries" in job.last_error


def test_a_busy_refusal_counts_only_the_records_another_export_claimed(
    org_connection, exporter, monkeypatch
):
    leads = many_leads(exporter, 250)
    overlap = leads[100:150]
    other = ExportJobFactory.create(connection=org_connection, status=JobStatus.RUNNING)
    real_check = export_start_module._busy_maps

    def another_export_claims_fifty_meanwhile(job_ids):
        # Another export, started a moment earlier, commits its maps of 50 of the records
        # between this one's look-up of existing maps and its insert of the new ones.
        RecordMap.objects.bulk_create(
            RecordMap(connection=org_connection, object_type=ObjectType.LEAD, lead=x, job=other)
            for x in overlap
        )
        return real_check(job_ids)

    monkeypatch.setattr(export_start_module, "_busy_maps", another_export_claims_fifty_meanwhile)
    jobs_before = ExportJob.objects.count()
    with pytest.raises(ExportBusy) as refused:
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads])
    assert str(refused.value) == (
        "50 of the selected records are already being exported. Wait for that export to "
        "finish, then try again."
    )
    assert ExportJob.objects.count() == jobs_before
    assert not RecordMap.objects.exclude(job=other).exists()


def test_a_digest_of_record_errors_advises_correcting_each_records_field(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks
):
    for name in ("One", "Two", "Three"):
        bad = _with_bad_email(LeadFactory.create(owner=exporter, last_name=name))
        export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [bad.pk])
    assert len(mail.outbox) == 1  # the first at once, the others wait for the digest
    with django_capture_on_commit_callbacks(execute=True):
        assert failure_digest_run(org_connection.pk) == 2
    digest = mail.outbox[1]
    assert "Two" in digest.body and "Three" in digest.body
    assert digest.body.count("correct the record's Email and re-export") == 2
    assert "Unclassified" not in digest.body
    assert "fix the mapping or the owner" not in digest.body
