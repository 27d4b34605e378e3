"""A dead worker's job comes back within a minute: a short lease renewed while the run works,
and a resume sweep every 30 seconds that queues each due job once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from sync.models import ExportJob, ItemStatus, JobStatus, ObjectType
from sync.schedules import RESUME_NAME, resume_schedules_wanted
from sync.services.export import run as export_run
from sync.services.export.lease import LeaseHeartbeat, lease_renew
from sync.services.export.start import export_start
from sync.tasks import export_job_run, export_jobs_resume_due
from tests.factories.sync import ExportJobFactory
from tests.helpers.export import many_leads

pytestmark = pytest.mark.django_db


def test_by_default_a_dead_workers_job_is_resumed_within_a_minute():
    # The lease runs out at most EXPORT_LEASE_SECONDS after the last renewal, and the next
    # sweep follows within EXPORT_RESUME_SWEEP_SECONDS.
    assert settings.EXPORT_LEASE_SECONDS + settings.EXPORT_RESUME_SWEEP_SECONDS < 60
    assert LeaseHeartbeat(1).interval == settings.EXPORT_LEASE_SECONDS / 4


@pytest.mark.parametrize(
    ("seconds", "wanted"),
    [
        (30, [(RESUME_NAME, 1, 0), (f"{RESUME_NAME} (+30 s)", 1, 30)]),
        (60, [(RESUME_NAME, 1, 0)]),
        (300, [(RESUME_NAME, 5, 0)]),
    ],
)
def test_the_sweep_period_becomes_staggered_one_minute_schedules_or_one_of_minutes(seconds, wanted):
    assert resume_schedules_wanted(seconds) == wanted


@pytest.fixture
def queued(monkeypatch) -> list[int]:
    """The job ids the sweep queues (the tasks are not run)."""
    ids: list[int] = []
    monkeypatch.setattr(export_run, "async_task", lambda func, pk: ids.append(pk))
    return ids


def _leased(job: ExportJob, seconds: float) -> None:
    """The job's lease as its worker last left it, running out ``seconds`` from now."""
    when = timezone.now() + dt.timedelta(seconds=seconds)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, next_attempt_at=when)


def test_a_dead_workers_job_is_resumed_once_its_lease_runs_out_and_only_once(
    org, org_connection, exporter, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 2)
    leads = many_leads(exporter, 4)
    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
    )
    # The worker took the job, then died without renewing its lease.
    _leased(job, settings.EXPORT_LEASE_SECONDS)
    queued: list[int] = []
    monkeypatch.setattr(export_run, "async_task", lambda func, pk: queued.append(pk))

    assert export_jobs_resume_due() == 0  # the lease still runs
    assert queued == []
    _leased(job, -1)  # the lease ran out
    assert export_jobs_resume_due() == 1
    assert export_jobs_resume_due() == 0  # a second sweep leaves the queued job alone
    assert queued == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.next_attempt_at is not None and job.next_attempt_at > timezone.now()

    # The queued task takes the job at once, although the sweep's lease still runs.
    with django_capture_on_commit_callbacks(execute=True):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed, job.succeeded) == (JobStatus.COMPLETED, 4, 4)
    assert export_jobs_resume_due() == 0


def test_a_job_a_live_worker_keeps_renewing_is_never_resumed(connection, queued):
    job = ExportJobFactory.create(connection=connection)
    _leased(job, 1)
    for _ in range(3):
        assert lease_renew(job_id=job.pk)  # the heartbeat of a live worker
        assert export_jobs_resume_due() == 0
    job.refresh_from_db()
    assert job.next_attempt_at is not None
    remaining = (job.next_attempt_at - timezone.now()).total_seconds()
    assert settings.EXPORT_LEASE_SECONDS - 5 < remaining <= settings.EXPORT_LEASE_SECONDS
    assert queued == []


def test_a_renewal_leaves_a_job_that_is_no_longer_running_alone(connection):
    job = ExportJobFactory.create(connection=connection, status=JobStatus.RETRYING)
    later = timezone.now() + dt.timedelta(minutes=5)
    ExportJob.objects.filter(pk=job.pk).update(next_attempt_at=later)
    assert lease_renew(job_id=job.pk) is False
    job.refresh_from_db()
    assert (job.status, job.next_attempt_at) == (JobStatus.RETRYING, later)


def test_a_job_parked_on_a_disabled_connection_waits_for_the_reconnect(
    connection, queued, settings
):
    connection.status = "Disabled"
    connection.save(update_fields=["status"])
    parked = ExportJobFactory.create(connection=connection, status=JobStatus.WAITING)
    assert export_jobs_resume_due() == 0
    parked.refresh_from_db()
    assert (parked.status, queued) == (JobStatus.WAITING, [])


def test_a_run_leases_its_job_for_the_lease_setting(
    org, org_connection, exporter, settings, monkeypatch
):
    settings.EXPORT_LEASE_SECONDS = 7
    leads = many_leads(exporter, 1)
    job = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[leads[0].pk])
    seen: list[float] = []
    real_chunk = export_run.chunk_process

    def chunk_noting_the_lease(run, item_ids):
        lease = ExportJob.objects.get(pk=run.job.pk).next_attempt_at
        assert lease is not None
        seen.append((lease - timezone.now()).total_seconds())
        real_chunk(run, item_ids)

    monkeypatch.setattr(export_run, "chunk_process", chunk_noting_the_lease)
    export_job_run(job.pk)
    assert len(seen) == 1 and 5 < seen[0] <= 7
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.SENT}


def test_a_run_that_lost_its_lease_to_another_stops_before_its_next_chunk(
    org, org_connection, exporter, monkeypatch
):
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 2)
    leads = many_leads(exporter, 4)
    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
    )
    real_chunk = export_run.chunk_process

    def chunk_then_stall(run, item_ids):
        real_chunk(run, item_ids)
        # This worker stalled past its lease, and a sweep queued the job for another run.
        ExportJob.objects.filter(pk=run.job.pk).update(status=JobStatus.QUEUED)

    monkeypatch.setattr(export_run, "chunk_process", chunk_then_stall)
    export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed) == (JobStatus.QUEUED, 2)
    assert job.items.filter(status=ItemStatus.PENDING).count() == 2
