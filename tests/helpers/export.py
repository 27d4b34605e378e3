"""Export helpers: many records fast, running an export and its schedules."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from accounts.models import User
from portal.models import Lead
from portal.services.access import access_rebuild
from sync.models import ExportJob
from sync.services.export.start import TASK, export_start

Capture = Callable[..., AbstractContextManager[Any]]


def many_leads(owner: User, count: int, **values: Any) -> list[Lead]:
    """``count`` leads of ``owner`` in one insert, with their access rows."""
    company_id = owner.membership.partner_account_id
    leads = Lead.objects.bulk_create(
        Lead(
            owner=owner,
            partner_account_id=company_id,
            last_name=f"Lead {n}",
            company=f"Company {n}",
            **values,
        )
        for n in range(count)
    )
    access_rebuild(model=Lead, record_ids=[lead.pk for lead in leads])
    return leads


def export_and_run(
    capture: Capture, actor: User, object_type: str, record_ids: list[Any]
) -> ExportJob:
    """Start an export and run what it queues on commit (the task, inline, and its emails)."""
    with capture(execute=True):
        job = export_start(actor=actor, object_type=object_type, record_ids=record_ids)
    job.refresh_from_db()
    return job


def schedules_of(job: ExportJob) -> list[Schedule]:
    """The one-off schedules that will run the job again."""
    return [
        s
        for s in Schedule.objects.filter(func=TASK, schedule_type=Schedule.ONCE)
        if ast.literal_eval(s.args) == (job.pk,)
    ]


def run_scheduled(capture: Capture, job: ExportJob) -> ExportJob:
    """Let the job's one-off schedule come due and run it as the cluster would."""
    (scheduled,) = schedules_of(job)
    job.refresh_from_db()
    assert scheduled.next_run == job.next_attempt_at
    scheduled.delete()
    past = timezone.now() - dt.timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(next_attempt_at=past)
    with capture(execute=True):
        async_task(scheduled.func, *ast.literal_eval(scheduled.args))
    job.refresh_from_db()
    return job
