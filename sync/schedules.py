"""Periodic django-q2 schedules that Partner Connect always needs, kept by ``migrate``.

Per-connection schedules (two-way updates, failure digests, export retries) are made and
removed by the services; this module keeps the one sweep that has no owner: export jobs left
unfinished by a worker that died, or due again after a retry, are queued again.
"""

from __future__ import annotations

from typing import Any

from django_q.models import Schedule

RESUME_NAME = "Resume due export jobs"
RESUME_TASK = "sync.tasks.export_jobs_resume_due"
RESUME_MINUTES = 5


def periodic_schedules_ensure(**_: Any) -> None:
    """Create the sweep's schedule if it is missing (post_migrate receiver; idempotent)."""
    Schedule.objects.get_or_create(
        name=RESUME_NAME,
        defaults={
            "func": RESUME_TASK,
            "schedule_type": Schedule.MINUTES,
            "minutes": RESUME_MINUTES,
            "repeats": -1,
        },
    )
