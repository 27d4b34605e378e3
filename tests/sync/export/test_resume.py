"""A worker dying mid-job, long jobs handed on, and due jobs picked up again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from django_q.models import Schedule

from emulator.control import org_records
from sync.models import ExportJob, ImportLogStatus, ItemStatus, JobStatus, ObjectType
from sync.schedules import RESUME_NAME, RESUME_TASK, periodic_schedules_ensure
from sync.services.export import chunk as export_chunk
from sync.services.export import run as export_run
from sync.services.export.start import export_start
from sync.tasks import export_job_run, export_jobs_resume_due
from tests.factories.sync import ExportJobFactory
from tests.helpers.export import many_leads

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """The worker process was killed: nothing after this line runs."""


def _remote(org) -> list[str]:
    return [
        r["Vendor_Record_Id__c"] for r in org_records(org.base_url, host=org.host, sobject="Lead")
    ]


def test_a_job_whose_worker_died_mid_chunk_resumes_with_nothing_lost_or_duplicated(
    org, org_connection, exporter, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 2)
    leads = many_leads(exporter, 5)
    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
    )
    real_write = export_chunk.chunk_write
    writes: list[int] = []

    def die_on_second_write(*args, **kwargs):
        writes.append(1)
        if len(writes) == 2:
            raise WorkerDied
        real_write(*args, **kwargs)

    monkeypatch.setattr(export_chunk, "chunk_write", die_on_second_write)
    with pytest.raises(WorkerDied):
        export_run.export_job_process(job_id=job.pk)
    monkeypatch.setattr(export_chunk, "chunk_write", real_write)
    job.refresh_from_db()
    assert (job.status, job.processed) == (JobStatus.RUNNING, 2)
    assert job.items.filter(status=ItemStatus.PENDING).count() == 3
    assert len(_remote(org)) == 4  # the second chunk reached the org, its results did not
    assert job.import_logs.get(chunk=2).status == ImportLogStatus.IN_PROGRESS

    # A redelivered task finds the dead worker's lease still running and leaves the job alone.
    export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed) == (JobStatus.RUNNING, 2)

    # Once the lease has run out, the next delivery resumes where the worker died.
    ExportJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed, job.succeeded, job.failed) == (JobStatus.COMPLETED, 5, 5, 0)
    assert sorted(_remote(org)) == sorted(str(x.pk) for x in leads)
    logs = list(job.import_logs.order_by("chunk"))
    assert [(log.chunk, log.status) for log in logs] == [
        (1, ImportLogStatus.COMPLETED),
        (2, ImportLogStatus.COMPLETED),
        (3, ImportLogStatus.COMPLETED),
    ]
    assert [r["created"] for r in logs[1].result["records"]] == [False, False]


def test_the_lease_runs_out_before_the_broker_redelivers_an_unacknowledged_task():
    retry = settings.Q_CLUSTER["retry"]
    assert isinstance(retry, int)
    assert retry > settings.EXPORT_LEASE_SECONDS


def test_a_run_ends_its_last_chunk_before_the_worker_timeout():
    # After the time budget no chunk starts; the one running needs a login and an upsert.
    last_chunk = 2 * settings.SALESFORCE_TIMEOUT_SECONDS
    timeout = settings.Q_CLUSTER["timeout"]
    assert isinstance(timeout, int)
    assert timeout > export_run.TIME_BUDGET_SECONDS + last_chunk


def test_a_long_job_is_handed_on_to_new_tasks_chunk_by_chunk(
    org, org_connection, exporter, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_run, "CHUNK_SIZE", 2)
    monkeypatch.setattr(export_run, "TIME_BUDGET_SECONDS", -1)
    leads = many_leads(exporter, 5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = export_start(
            actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
        )
    job.refresh_from_db()
    assert (job.status, job.succeeded) == (JobStatus.COMPLETED, 5)
    assert len(callbacks) == 3  # the first task and two hand-overs
    assert sorted(_remote(org)) == sorted(str(x.pk) for x in leads)


def test_resume_queues_due_jobs_and_leaves_leased_and_future_ones(
    connection, monkeypatch, django_capture_on_commit_callbacks
):
    now = timezone.now()
    past, future = now - dt.timedelta(minutes=1), now + dt.timedelta(minutes=5)
    due = [
        ExportJobFactory.create(
            connection=connection, status=JobStatus.RUNNING, next_attempt_at=past
        ),
        ExportJobFactory.create(
            connection=connection, status=JobStatus.WAITING, next_attempt_at=past
        ),
        ExportJobFactory.create(connection=connection, status=JobStatus.QUEUED),
    ]
    ExportJobFactory.create(connection=connection, status=JobStatus.RUNNING, next_attempt_at=future)
    ExportJobFactory.create(
        connection=connection, status=JobStatus.RETRYING, next_attempt_at=future
    )
    ExportJobFactory.create(connection=connection, status=JobStatus.COMPLETED)
    queued: list[int] = []
    monkeypatch.setattr(export_run, "async_task", lambda func, pk: queued.append(pk))
    assert export_jobs_resume_due() == 3
    assert sorted(queued) == sorted(job.pk for job in due)


def test_migrate_keeps_the_periodic_schedules_of_the_resume_sweep_every_30_seconds():
    # Two one-minute schedules half a minute apart: django-q2 runs a schedule at most once a
    # minute and looks for due ones every 30 seconds.
    Schedule.objects.filter(func=RESUME_TASK).delete()
    periodic_schedules_ensure()
    periodic_schedules_ensure()
    schedules = list(Schedule.objects.filter(func=RESUME_TASK).order_by("next_run"))
    assert [(s.name, s.schedule_type, s.minutes) for s in schedules] == [
        (RESUME_NAME, Schedule.MINUTES, 1),
        (f"{RESUME_NAME} (+30 s)", Schedule.MINUTES, 1),
    ]
    first, second = (s.next_run for s in schedules)
    assert (second - first).total_seconds() == 30
    assert schedules[0].func == "sync.tasks.export_jobs_resume_due"
    export_jobs_resume_due()  # the function the schedule names exists and runs
