"""One test per fault switch of the emulated org: status, retry or deferral, no duplicate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from emulator.control import org_faults_clear, org_faults_set, org_records, org_stats
from sync.models import (
    ConnectionStatus,
    ExportStatus,
    ImportLogStatus,
    ItemStatus,
    JobStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.connections.lifecycle import connection_reconnect
from sync.services.export import run as export_run
from tests.helpers.export import export_and_run, many_leads, run_scheduled, schedules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def faults(org):
    """Set fault switches on the emulated org."""
    return lambda **switches: org_faults_set(org.base_url, host=org.host, **switches)


@pytest.fixture
def leads(exporter):
    return many_leads(exporter, 3)


@pytest.fixture
def start(exporter, leads, django_capture_on_commit_callbacks):
    """Export the three leads and run the job once."""
    return lambda: export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk for lead in leads]
    )


@pytest.fixture
def again(django_capture_on_commit_callbacks):
    """Run a job's one-off schedule as if its time had come."""
    return lambda job: run_scheduled(django_capture_on_commit_callbacks, job)


def _remote_ids(org) -> list[str]:
    return [
        r["Vendor_Record_Id__c"] for r in org_records(org.base_url, host=org.host, sobject="Lead")
    ]


def _stats(org) -> dict:
    return org_stats(org.base_url, host=org.host)


def _all_exported(job, org, leads) -> None:
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, len(leads), 0)
    assert sorted(_remote_ids(org)) == sorted(str(lead.pk) for lead in leads)
    assert set(RecordMap.objects.values_list("export_status", flat=True)) == {ExportStatus.EXPORTED}
    assert RecordMap.objects.filter(job__isnull=False).count() == 0


def test_an_expired_token_is_replaced_by_one_new_login(
    org, org_connection, faults, start, leads, monkeypatch
):
    # Two records per chunk; the tokens are revoked after the first chunk.
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 2)
    real_chunk = export_run.chunk_process
    chunks: list[int] = []

    def chunk_then_expire(run, item_ids):
        real_chunk(run, item_ids)
        chunks.append(len(item_ids))
        if len(chunks) == 1:
            faults(expired_token=True)

    monkeypatch.setattr(export_run, "chunk_process", chunk_then_expire)
    job = start()
    assert chunks == [2, 1]
    _all_exported(job, org, leads)
    assert _stats(org)["token_requests"] == 2


def test_a_refused_login_parks_the_job_and_reconnecting_resumes_it(
    org, org_connection, faults, start, leads, partner_admin, django_capture_on_commit_callbacks
):
    # A refused login is the connection's fault, not the records': they wait, as for Disabled.
    faults(token_refused=True)
    job = start()
    assert (job.status, job.failed, job.succeeded) == (JobStatus.WAITING, 0, 0)
    assert "resumes when the connection tests green again" in job.last_error
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.ERROR
    assert "refused" in org_connection.last_error
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.PENDING}
    assert ExportStatus.FAILED not in set(RecordMap.objects.values_list("export_status", flat=True))
    assert _remote_ids(org) == []
    subjects = [m.subject for m in mail.outbox if partner_admin.email in m.to]
    assert len(subjects) == 1  # the connection's error; no export failure was reported
    assert not any("failed" in subject for subject in subjects)

    org_faults_clear(org.base_url, host=org.host)
    with django_capture_on_commit_callbacks(execute=True):
        connection_reconnect(actor=partner_admin, connection=org_connection)
    job.refresh_from_db()
    _all_exported(job, org, leads)


def test_the_request_limit_defers_the_job_to_a_one_off_schedule_without_retrying_now(
    org, org_connection, faults, start, leads, again, settings
):
    faults(request_limit=True)
    before = timezone.now()
    job = start()
    assert job.status == JobStatus.WAITING
    assert job.attempts == 0
    defer = dt.timedelta(seconds=settings.EXPORT_LIMIT_DEFER_SECONDS)
    assert before + defer <= job.next_attempt_at <= timezone.now() + defer
    (scheduled,) = schedules_of(job)
    assert scheduled.next_run == job.next_attempt_at
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.PENDING}
    assert set(RecordMap.objects.values_list("export_status", flat=True)) == {
        ExportStatus.IN_PROGRESS
    }
    # One login and one refused call; a stray run before the time comes sends nothing.
    assert _stats(org)["token_requests"] == 1
    export_run.export_job_process(job_id=job.pk)
    assert _stats(org)["token_requests"] == 1
    assert type(job).objects.get(pk=job.pk).status == JobStatus.WAITING
    org_faults_clear(org.base_url, host=org.host)
    _all_exported(again(job), org, leads)
    assert job.import_logs.filter(status=ImportLogStatus.IN_PROGRESS).count() == 0


@pytest.mark.parametrize("switch", ["status_500", "status_503"])
def test_server_errors_are_retried_with_backoff_then_succeed(
    org, org_connection, faults, start, leads, again, settings, switch
):
    settings.EXPORT_RETRY_BASE_SECONDS = 30
    faults(**{switch: 2})
    before = timezone.now()
    job = start()
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 1)
    assert before + dt.timedelta(seconds=30) <= job.next_attempt_at
    assert job.next_attempt_at <= timezone.now() + dt.timedelta(seconds=33)
    job = again(job)
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 2)
    # The second wait doubles.
    assert job.next_attempt_at >= timezone.now() + dt.timedelta(seconds=59)
    job = again(job)
    _all_exported(job, org, leads)


def test_server_errors_past_the_last_attempt_fail_the_records_as_event_errors(
    org, org_connection, faults, start, leads, again, settings, partner_admin
):
    settings.EXPORT_MAX_ATTEMPTS = 3
    faults(status_503=10)
    job = again(again(start()))
    assert (job.status, job.attempts, job.failed) == (JobStatus.FAILED, 3, 3)
    assert set(job.items.values_list("outbound_status", flat=True)) == {
        OutboundStatus.EXPORT_PUBLISH_EVENT_ERROR
    }
    assert {m.last_error_message for m in RecordMap.objects.all()} == {
        "Salesforce could not complete the call right now "
        "(SERVER_UNAVAILABLE: Server temporarily unavailable). (gave up after 3 tries)"
    }
    assert schedules_of(job) == []
    assert _remote_ids(org) == []
    assert len(mail.outbox) == 1


def test_locked_rows_are_retried_with_the_job(org, org_connection, faults, start, leads, again):
    faults(lock_row=1)
    job = start()
    assert (job.status, job.attempts, job.processed) == (JobStatus.RETRYING, 1, 0)
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.PENDING}
    log = job.import_logs.get()
    assert {r["status"] for r in log.result["records"]} == {"RetryPending"}
    assert {r["errors"][0]["statusCode"] for r in log.result["records"]} == {"UNABLE_TO_LOCK_ROW"}
    _all_exported(again(job), org, leads)


def test_latency_within_the_timeout_still_exports(org, org_connection, faults, start, leads):
    faults(latency_ms=150)
    _all_exported(start(), org, leads)


def test_latency_beyond_the_timeout_is_a_transient_failure(
    org, org_connection, faults, start, leads, settings
):
    settings.SALESFORCE_TIMEOUT_SECONDS = 0.3
    faults(latency_ms=600)
    job = start()
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 1)
    assert "did not answer in time" in job.last_error


def test_a_dropped_connection_is_retried_without_a_duplicate(
    org, org_connection, faults, start, leads, again
):
    faults(drop_connection=1)
    job = start()
    assert job.status == JobStatus.RETRYING
    _all_exported(again(job), org, leads)


def test_a_response_lost_after_the_write_is_retried_without_a_duplicate(
    org, org_connection, faults, start, leads, again
):
    faults(drop_response=1)
    job = start()
    assert job.status == JobStatus.RETRYING
    assert len(_remote_ids(org)) == 3  # written before the answer was lost
    job = again(job)
    _all_exported(job, org, leads)
    assert len(_remote_ids(org)) == 3


def test_attempts_count_per_stretch_of_no_progress_not_over_the_whole_job(
    org, org_connection, faults, start, leads, again, settings, monkeypatch
):
    # Three chunks of one record, three attempts allowed: one 503 on chunk 1 and two on
    # chunk 3 are each retried, because the chunks between made progress.
    settings.EXPORT_MAX_ATTEMPTS = 3
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 1)
    real_chunk = export_run.chunk_process
    sent: list[int] = []

    def chunk_then_fault(run, item_ids):
        real_chunk(run, item_ids)
        sent.append(len(item_ids))
        if len(sent) == 2:
            faults(status_503=2)  # the next two calls, chunk 3's, are refused

    monkeypatch.setattr(export_run, "chunk_process", chunk_then_fault)
    faults(status_503=1)
    job = start()
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 1)
    job = again(job)  # chunks 1 and 2 go, chunk 3 is refused
    assert (job.status, job.attempts, job.succeeded) == (JobStatus.RETRYING, 1, 2)
    job = again(job)
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 2)
    job = again(job)
    _all_exported(job, org, leads)
