"""Resume sweeps against live and dead workers: a job whose worker keeps renewing its lease is
never resumed, and a dead worker's job is resumed by exactly one of many concurrent sweeps."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from sync.models import ExportJob, JobStatus, ObjectType
from sync.services.export import run as export_run
from sync.services.export import start as export_start_module
from sync.services.export.start import export_start
from sync.tasks import export_job_run, export_jobs_resume_due
from tests.helpers.concurrency import in_thread, race
from tests.helpers.export import many_leads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
SWEEPS = 8


@pytest.fixture
def resumed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Job ids the sweeps queue again (not run); export_start's own task is not run either."""
    ids: list[int] = []
    monkeypatch.setattr(export_run, "async_task", lambda func, pk: ids.append(pk))
    monkeypatch.setattr(export_start_module, "async_task", lambda func, pk: None)
    return ids


def test_a_job_whose_live_worker_renews_its_lease_is_never_resumed(
    org, org_connection, exporter, resumed, settings, monkeypatch
):
    # A 4 s lease renewed each second; the one chunk takes 6 s, longer than the lease.
    settings.EXPORT_LEASE_SECONDS = 4
    leads = many_leads(exporter, 3)
    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
    )
    real_chunk = export_run.chunk_process

    def slow_chunk(run, item_ids):
        time.sleep(6)
        real_chunk(run, item_ids)

    monkeypatch.setattr(export_run, "chunk_process", slow_chunk)
    worker = in_thread(export_job_run, job.pk)
    deadline = time.monotonic() + 30
    while ExportJob.objects.get(pk=job.pk).status != JobStatus.RUNNING:
        assert time.monotonic() < deadline, "the worker did not take the job"
        time.sleep(0.05)
    sweeps = []
    while ExportJob.objects.get(pk=job.pk).status != JobStatus.COMPLETED:
        assert time.monotonic() < deadline, "the export did not finish"
        sweeps.append(export_jobs_resume_due())
        time.sleep(0.25)
    worker.join()
    assert len(sweeps) > 20 and set(sweeps) == {0}
    assert resumed == []
    job.refresh_from_db()
    assert (job.processed, job.succeeded, job.failed) == (3, 3, 0)


def test_without_renewals_the_lease_runs_out_and_the_sweep_resumes_the_job(
    org, org_connection, exporter, resumed, settings
):
    settings.EXPORT_LEASE_SECONDS = 4
    leads = many_leads(exporter, 1)
    job = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[leads[0].pk])
    # Taken by a worker that died at once: the lease of its claim is never renewed.
    when = timezone.now() + dt.timedelta(seconds=4)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, next_attempt_at=when)
    assert export_jobs_resume_due() == 0
    time.sleep(4.5)
    assert export_jobs_resume_due() == 1
    assert resumed == [job.pk]


def test_concurrent_sweeps_resume_a_dead_workers_job_exactly_once(
    org, org_connection, exporter, resumed
):
    leads = many_leads(exporter, 2)
    jobs = [
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
        for lead in leads
    ]
    expired = timezone.now() - dt.timedelta(seconds=1)
    ExportJob.objects.filter(pk__in=[j.pk for j in jobs]).update(
        status=JobStatus.RUNNING, next_attempt_at=expired
    )
    results = race(SWEEPS, lambda n: export_jobs_resume_due())
    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == 2  # type: ignore[arg-type]
    assert sorted(resumed) == sorted(j.pk for j in jobs)
    assert set(ExportJob.objects.values_list("status", flat=True)) == {JobStatus.QUEUED}
