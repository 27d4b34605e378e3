"""Running an export job: chunks, deferral on API limits, retries with backoff, failure, end.

A job is claimed under its row lock and holds a lease while it runs (``next_attempt_at`` of a
Running job, renewed by the run's heartbeat: ``lease.py``); a run that finds a live lease
leaves the job alone, and one that finds it expired resumes the job where the dead worker left
it. Items of an unfinished chunk are still Pending and are sent again; the upsert on the
external-ID field makes that harmless. The resume sweep queues each due job once: it marks the
job Queued first, under a short lease of its own that keeps other sweeps off it.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task, schedule

from salesforce import (
    SalesforceAuthFailed,
    SalesforceError,
    SalesforceLimitReached,
    SalesforceTransient,
)
from sync.errors import ConnectionInvalid
from sync.models import (
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ItemStatus,
    JobStatus,
    NoticeKind,
    OutboundStatus,
    RecordMap,
)
from sync.selectors.connections import mapped_fields, object_mapping_active
from sync.services.connections.setup import connection_client, connection_mark_error
from sync.services.export.chunk import BULK_CHUNK_SIZE, CHUNK_SIZE, Run, chunk_process
from sync.services.export.lease import LeaseHeartbeat, lease_end, lease_renew
from sync.services.export.start import TASK, UNFINISHED_JOB_STATUSES
from sync.services.export.status import export_status_for
from sync.services.failure_notices import failure_notice_add

logger = logging.getLogger(__name__)
OS = OutboundStatus
# A run hands the rest of a long job to a fresh task rather than approach the worker timeout.
TIME_BUDGET_SECONDS = 120


@transaction.atomic
def _claim(job_id: int) -> ExportJob | None:
    """Lock the job and mark it Running, unless it is finished, leased or not yet due.

    A Queued job is always taken: its ``next_attempt_at`` only keeps resume sweeps off it.
    """
    job = (
        ExportJob.objects.select_for_update(of=("self",))
        .select_related("connection", "connection__partner_account")
        .filter(pk=job_id)
        .first()
    )
    now = timezone.now()
    if job is None or job.status not in UNFINISHED_JOB_STATUSES:
        return None
    queued = job.status == JobStatus.QUEUED
    if not queued and job.next_attempt_at is not None and job.next_attempt_at > now:
        return None
    job.status = JobStatus.RUNNING
    job.started_at = job.started_at or now
    job.next_attempt_at = lease_end(now)
    job.save(update_fields=["status", "started_at", "next_attempt_at"])
    return job


def export_job_process(*, job_id: int) -> None:
    """Send the job's pending records; defer, retry or fail them as the partner org answers."""
    job = _claim(job_id)
    if job is None:
        return
    try:
        with LeaseHeartbeat(job.pk):
            _run(job)
    except Exception:
        # A defect on our side must not leave the job Running and its records locked.
        logger.exception("Export job %s failed on our side", job.pk)
        message = "An error on our side stopped it."
        _fail_remaining(job, OS.EXPORT_PUBLISH_UNKNOWN_ERROR, message)
        _finish(job, reason=message)


def _prepared(job: ExportJob) -> Run | None:
    """What the chunks need; None after failing every record when the job cannot run."""
    connection = job.connection
    if connection.status == ConnectionStatus.DISABLED:
        _park(job, DISABLED_WAIT)
        return None
    if connection.status == ConnectionStatus.ERROR:
        # A refused login, say: the records wait, and reconnecting resumes the job.
        _park(job, ERROR_WAIT)
        return None
    if connection.status != ConnectionStatus.ENABLED:
        message = f"The connection is {connection.status.lower()}; reconnect, then re-export."
        _give_up(job, OS.EXPORT_PUBLISH_CONNECTION_ERROR, message)
        return None
    mapping = object_mapping_active(connection, job.object_type)
    if mapping is None:
        message = f"The {job.object_type} mapping is no longer active."
        _give_up(job, OS.EXPORT_PUBLISH_FIELD_MAP_ERROR, message)
        return None
    try:
        client = connection_client(connection)
    except (ConnectionInvalid, ValueError) as error:
        _give_up(job, OS.EXPORT_PUBLISH_CONNECTION_ERROR, str(error))
        return None
    return Run(job, mapping, mapped_fields(mapping), client)


def _give_up(job: ExportJob, outbound: OutboundStatus, message: str) -> None:
    """Fail every record still pending and end the job with ``message`` as its reason."""
    _fail_remaining(job, outbound, message)
    _finish(job, reason=message)


def _run(job: ExportJob) -> None:
    run = _prepared(job)
    if run is None:
        return
    pending = list(
        job.items.filter(status=ItemStatus.PENDING).order_by("order").values_list("pk", flat=True)
    )
    size = BULK_CHUNK_SIZE if job.use_bulk else CHUNK_SIZE
    try:
        _chunks_send(run, pending, size)
    finally:
        run.client.close()


def _chunks_send(run: Run, pending: list[int], size: int) -> None:
    """Send the pending items chunk by chunk and react to a failed call."""
    job = run.job
    started = time.monotonic()
    try:
        for start in range(0, len(pending), size):
            if start and not lease_renew(job_id=job.pk):
                # The lease was lost (this worker stalled past it) and another run has the
                # job now: that run sends the rest.
                return
            if start and _connection_disabled(job):
                _park(job, DISABLED_WAIT)
                return
            if start and time.monotonic() - started > TIME_BUDGET_SECONDS:
                _requeue(job)
                return
            chunk_process(run, pending[start : start + size])
            _progress_made(job)
    except SalesforceLimitReached as error:
        _defer(job, str(error))
    except SalesforceTransient as error:
        _retry_or_fail(job, str(error))
    except SalesforceAuthFailed as error:
        # Not the records' fault: they wait for the connection, as when it is disabled.
        message = f"The partner org refused our login: {error}"
        connection_mark_error(connection=job.connection, message=message)
        _park(job, f"{message.rstrip('.')}. {ERROR_WAIT}")
    except SalesforceError as error:
        _give_up(job, OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, str(error))
    else:
        if job.items.filter(status=ItemStatus.PENDING).exists():
            # Records the partner org could not lock this time.
            _retry_or_fail(job, "Some records were locked in the partner org.")
        else:
            _finish(job)


def _connection_disabled(job: ExportJob) -> bool:
    """Whether the connection was disabled since the job started (read fresh, between chunks)."""
    status = Connection.objects.filter(pk=job.connection_id).values_list("status", flat=True)
    return status.first() == ConnectionStatus.DISABLED


DISABLED_WAIT = "The connection is disabled; the export resumes when it is reconnected."
ERROR_WAIT = (
    "The connection is in Error; the export resumes when the connection tests green again "
    "(Test connection or Reconnect)."
)


def _park(job: ExportJob, message: str) -> None:
    """Stop a job with its pending records intact until the connection is Enabled again.

    Reconnecting resumes it at once; the resume sweep leaves it while the connection is still
    Disabled or in Error, and tries it again otherwise.
    """
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WAITING, next_attempt_at=None, last_error=message
    )


def _progress_made(job: ExportJob) -> None:
    """A chunk went through: transient errors before it no longer count against the job."""
    if job.attempts:
        ExportJob.objects.filter(pk=job.pk).update(attempts=0)
        job.attempts = 0


def _reschedule(job: ExportJob, when: datetime) -> None:
    """Run the job again at ``when`` through a one-off django-q2 schedule."""
    schedule(
        TASK,
        job.pk,
        name=f"export {job.batch_id} at {when.isoformat()}",
        schedule_type=Schedule.ONCE,
        next_run=when,
    )


@transaction.atomic
def _defer(job: ExportJob, message: str) -> None:
    """Wait for API capacity: no retry now, the job runs again after the defer period."""
    when = timezone.now() + timedelta(seconds=settings.EXPORT_LIMIT_DEFER_SECONDS)
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.WAITING, next_attempt_at=when, last_error=message
    )
    _reschedule(job, when)


@transaction.atomic
def _retry_or_fail(job: ExportJob, message: str) -> None:
    """Try again later with exponential backoff, or fail what is left after the last attempt."""
    job.refresh_from_db(fields=["attempts"])
    attempts = job.attempts + 1
    if attempts >= settings.EXPORT_MAX_ATTEMPTS:
        ExportJob.objects.filter(pk=job.pk).update(attempts=attempts, last_error=message)
        _give_up(job, OS.EXPORT_PUBLISH_EVENT_ERROR, f"{message} (gave up after {attempts} tries)")
        return
    delay = settings.EXPORT_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    when = timezone.now() + timedelta(seconds=delay * (1 + random.random() / 10))
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RETRYING, attempts=attempts, next_attempt_at=when, last_error=message
    )
    _reschedule(job, when)


def _requeue(job: ExportJob) -> None:
    """Hand the rest of the job to a new task."""
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, next_attempt_at=None)
    transaction.on_commit(partial(async_task, TASK, job.pk))


@transaction.atomic
def _fail_remaining(job: ExportJob, outbound: OutboundStatus, message: str) -> None:
    """Fail every pending item of the job, and its record map, with one status."""
    pending = ExportJobItem.objects.filter(job=job, status=ItemStatus.PENDING)
    failed = export_status_for(outbound, current="in_progress")
    RecordMap.objects.filter(items__in=pending).update(
        outbound_status=outbound,
        export_status=failed,
        last_error_code=outbound,
        last_error_message=message,
        updated_at=timezone.now(),
    )
    count = pending.update(
        status=ItemStatus.FAILED, outbound_status=outbound, error_code="", error_message=message
    )
    ExportJob.objects.filter(pk=job.pk).update(
        processed=F("processed") + count, failed=F("failed") + count
    )


@transaction.atomic
def _finish(job: ExportJob, *, reason: str = "") -> None:
    """End the job (Failed when nothing succeeded), free its records, mail about failures.

    The job's ``last_error`` becomes the reason it ended, empty when it ran to its end: a
    problem met on the way (a retried lock, a deferral) no longer describes it.
    """
    locked = ExportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
    if locked.status in (JobStatus.COMPLETED, JobStatus.FAILED):
        return
    nothing_worked = locked.succeeded + locked.skipped == 0
    locked.status = JobStatus.FAILED if nothing_worked else JobStatus.COMPLETED
    locked.finished_at = timezone.now()
    locked.next_attempt_at = None
    locked.last_error = reason
    locked.save(update_fields=["status", "finished_at", "next_attempt_at", "last_error"])
    RecordMap.objects.filter(job=locked).update(job=None)
    if locked.failed:
        notice = partial(
            failure_notice_add,
            connection_id=locked.connection_id,
            kind=NoticeKind.EXPORT,
            job_id=locked.pk,
            total=locked.size,
            failed=locked.failed,
        )
        transaction.on_commit(notice)


def _due(now: datetime) -> QuerySet[ExportJob]:
    """Unfinished jobs due at ``now``, read from the job row alone: deferred or retrying ones
    whose time has come, Running ones whose lease ran out (their worker died), Queued ones not
    taken yet, and parked ones."""
    unfinished = ExportJob.objects.filter(status__in=UNFINISHED_JOB_STATUSES)
    return unfinished.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def export_jobs_resume() -> int:
    """Queue every unfinished job that is due, each once however many sweeps run at a time.

    A job parked on a connection still Disabled or in Error stays parked: reconnecting resumes
    it.
    """
    now = timezone.now()
    stuck = Q(
        status=JobStatus.WAITING,
        next_attempt_at__isnull=True,
        connection__status__in=[ConnectionStatus.DISABLED, ConnectionStatus.ERROR],
    )
    queued = 0
    for pk in _due(now).exclude(stuck).values_list("pk", flat=True):
        # A conditional update of the row itself: of two sweeps, the second waits for the
        # first's row lock, then finds the job Queued under a lease, no longer due.
        if _due(now).filter(pk=pk).update(status=JobStatus.QUEUED, next_attempt_at=lease_end()):
            async_task(TASK, pk)
            queued += 1
    return queued
