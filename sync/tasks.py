"""django-q2 tasks of Partner Connect: they take ids, load, and call one service."""

from __future__ import annotations

from sync.services.export.run import export_job_process, export_jobs_resume
from sync.services.failure_notices import failure_digest_send
from sync.services.updates.push import updates_push
from sync.services.updates.schedule import updates_cycle


def export_job_run(job_id: int) -> None:
    """Run (or resume) one export job."""
    export_job_process(job_id=job_id)


def export_jobs_resume_due() -> int:
    """Queue every unfinished export job that is due; for a periodic schedule."""
    return export_jobs_resume()


def updates_push_run(connection_id: int) -> None:
    """Send a connection's queued updates to the partner's connected records."""
    updates_push(connection_id=connection_id)


def updates_cycle_run(connection_id: int) -> None:
    """The scheduled round of a connection's two-way updates: sweep, push, poll."""
    updates_cycle(connection_id=connection_id)


def failure_digest_run(connection_id: int) -> int:
    """Email a connection's pending failure notices as one digest."""
    return failure_digest_send(connection_id=connection_id)
