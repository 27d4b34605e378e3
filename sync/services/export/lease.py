"""The lease of a running export job: taken when a run claims the job, renewed while it works.

A Running job's ``next_attempt_at`` is the end of its lease. The run renews it from a heartbeat
thread every quarter of ``EXPORT_LEASE_SECONDS``, whatever the chunk in flight is waiting for
(a slow org, a Bulk API job), so a live worker never loses its job to the resume sweep; a
worker that died stops renewing, and the sweep resumes the job once the lease has run out.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from types import TracebackType

from django.conf import settings
from django.db import connection
from django.utils import timezone

from sync.models import ExportJob, JobStatus

logger = logging.getLogger(__name__)


def lease_end(now: datetime | None = None) -> datetime:
    """When a lease taken or renewed ``now`` runs out."""
    return (now or timezone.now()) + timedelta(seconds=settings.EXPORT_LEASE_SECONDS)


def lease_renew(*, job_id: int) -> bool:
    """Move a Running job's lease on; False when the job is no longer running."""
    running = ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING)
    return running.update(next_attempt_at=lease_end()) == 1


def _renewal_needed() -> bool:
    """Whether another process could take the job over, so its lease must be kept alive.

    Not inside a caller's transaction (nothing this run writes is visible to other workers
    until it commits, nor would a renewal from another connection be), and not on an in-memory
    SQLite database, which no other process can open.
    """
    if connection.in_atomic_block:
        return False
    in_memory = getattr(connection.creation, "is_in_memory_db", lambda name: False)
    return not (connection.vendor == "sqlite" and in_memory(connection.settings_dict["NAME"]))


class LeaseHeartbeat:
    """Renews a job's lease every quarter of its length while the ``with`` block runs."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.interval = settings.EXPORT_LEASE_SECONDS / 4
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LeaseHeartbeat:
        if _renewal_needed():
            name = f"export-lease-{self.job_id}"
            self._thread = threading.Thread(target=self._beat, name=name, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not lease_renew(job_id=self.job_id):
                        return
                except Exception:
                    # A missed renewal is retried at the next beat; the lease outlasts three.
                    logger.exception("Could not renew the lease of export job %s", self.job_id)
        finally:
            connection.close()  # this thread's own connection
