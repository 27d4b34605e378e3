"""Periodic django-q2 schedules that Partner Connect always needs, kept by ``migrate``.

Per-connection schedules (two-way updates, failure digests, export retries) are made and
removed by the services; this module keeps the one sweep that has no owner: export jobs left
unfinished by a worker that died, or due again after a retry, are queued again.

django-q2 schedules run at most once a minute, and its scheduler looks for due ones every 30
seconds. A sweep every 30 seconds (``EXPORT_RESUME_SWEEP_SECONDS``) is therefore two one-minute
schedules half a minute apart; a sweep every few minutes is one schedule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_q.models import Schedule

RESUME_NAME = "Resume due export jobs"
RESUME_TASK = "sync.tasks.export_jobs_resume_due"


def resume_schedules_wanted(seconds: int) -> list[tuple[str, int, int]]:
    """(name, minutes, offset in seconds) of each schedule that sweeps every ``seconds``."""
    if seconds >= 60:
        return [(RESUME_NAME, seconds // 60, 0)]
    count = 60 // seconds
    later = [(f"{RESUME_NAME} (+{n * seconds} s)", 1, n * seconds) for n in range(1, count)]
    return [(RESUME_NAME, 1, 0), *later]


def _first_run(offset: int) -> datetime:
    """The next whole minute, plus ``offset`` seconds."""
    minute = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    return minute + timedelta(seconds=offset)


def periodic_schedules_ensure(**_: Any) -> None:
    """Keep the sweep's schedules as the setting asks (post_migrate receiver; idempotent)."""
    wanted = resume_schedules_wanted(settings.EXPORT_RESUME_SWEEP_SECONDS)
    names = [name for name, _, _ in wanted]
    Schedule.objects.filter(func=RESUME_TASK).exclude(name__in=names).delete()
    for name, minutes, offset in wanted:
        schedule, created = Schedule.objects.get_or_create(
            name=name,
            defaults={
                "func": RESUME_TASK,
                "schedule_type": Schedule.MINUTES,
                "minutes": minutes,
                "repeats": -1,
                "next_run": _first_run(offset),
            },
        )
        if not created and schedule.minutes != minutes:
            schedule.minutes = minutes
            schedule.next_run = _first_run(offset)
            schedule.save(update_fields=["minutes", "next_run"])
