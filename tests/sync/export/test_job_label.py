"""A job that finished with failures says how many; it never reads as plain Completed."""

from __future__ import annotations

from django.utils import timezone

from sync.models import ExportJob, JobStatus


def test_a_completed_job_with_failures_says_how_many():
    assert ExportJob(status=JobStatus.COMPLETED, failed=600).status_label == (
        "Completed with 600 failures"
    )
    assert ExportJob(status=JobStatus.COMPLETED, failed=1).status_label == (
        "Completed with 1 failure"
    )
    assert ExportJob(status=JobStatus.COMPLETED, failed=0).status_label == "Completed"
    parked = ExportJob(status=JobStatus.WAITING, next_attempt_at=None)
    assert parked.status_label == "Waiting for the connection"
    deferred = ExportJob(status=JobStatus.WAITING, next_attempt_at=timezone.now())
    assert deferred.status_label == "Waiting for API capacity"
