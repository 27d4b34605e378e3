"""One timed export: our wall and CPU time, our SQL statements, and the org's request count."""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_q.conf import Conf

from accounts.models import User
from emulator.control import org_get, org_stats
from sync.models import ExportJob, ObjectType
from sync.services.export.run import export_job_process
from sync.services.export.start import UNFINISHED_JOB_STATUSES, export_start

# A job hands itself to a fresh task after a time budget; a few hand-overs at most.
MAX_RUNS = 20


@dataclass(frozen=True)
class Measured:
    """What one export cost us and the org, and how it ended."""

    records: int
    wall_seconds: float
    cpu_seconds: float
    queries: int
    requests: int
    endpoints: dict[str, int]
    job: ExportJob
    org_records: int = 0
    settings_used: dict[str, Any] = field(default_factory=dict)
    profile: str = ""

    @property
    def cpu_ms_per_record(self) -> float:
        return self.cpu_seconds * 1000 / self.records


class QueryCounter:
    """Counts the SQL statements this process sends (DEBUG's query log is off when timing)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, ctx)


@contextmanager
def tasks_mode(*, sync: bool) -> Iterator[None]:
    """Run queued tasks at once in this process (django-q2's sync mode), or, with ``sync``
    False, leave them in the queue for a worker whatever the settings say."""
    previous = Conf.SYNC
    Conf.SYNC = sync
    try:
        yield
    finally:
        Conf.SYNC = previous


def _run_until_finished(job_id: int) -> ExportJob:
    """Run the job again while it is unfinished and due (after a hand-over to a fresh task)."""
    for _ in range(MAX_RUNS):
        job = ExportJob.objects.get(pk=job_id)
        due = job.next_attempt_at is None or job.next_attempt_at <= timezone.now()
        if job.status not in UNFINISHED_JOB_STATUSES or not due:
            return job
        export_job_process(job_id=job_id)
    return ExportJob.objects.get(pk=job_id)


def requests_total(stats: dict[str, Any]) -> int:
    return int(stats["api_requests"]) + int(stats["token_requests"])


def endpoint_calls(before: dict[str, Any], after: dict[str, Any]) -> dict[str, int]:
    """Calls per endpoint between two stats readings, the token requests included."""
    calls = {
        name: count - before["endpoints"].get(name, 0) for name, count in after["endpoints"].items()
    }
    calls["token"] = after["token_requests"] - before["token_requests"]
    return {name: count for name, count in calls.items() if count}


def export_measure(
    *,
    exporter: User,
    record_ids: list[int],
    base_url: str,
    host: str,
    bulk_threshold: int,
    profile: bool = False,
) -> Measured:
    """Export the leads as ``exporter`` and run the job to its end, timing this process only."""
    used = {
        "EXPORT_MAX_RECORDS": max(settings.EXPORT_MAX_RECORDS, len(record_ids)),
        "EXPORT_BULK_THRESHOLD": bulk_threshold,
    }
    counter = QueryCounter()
    before = org_stats(base_url, host=host)
    gc.collect()  # garbage of the set-up is not this export's cost
    # The wall-clock timer: a CPU timer's own system calls inflate a profile several times
    # over. Waits on the database and the org show as psycopg's wait and socket reads.
    profiler = cProfile.Profile() if profile else None
    with override_settings(**used), tasks_mode(sync=True), connection.execute_wrapper(counter):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        job = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=record_ids)
        job = _run_until_finished(job.pk)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = org_stats(base_url, host=host)
    return Measured(
        records=len(record_ids),
        wall_seconds=wall,
        cpu_seconds=cpu,
        queries=counter.count,
        requests=requests_total(after) - requests_total(before),
        endpoints=endpoint_calls(before, after),
        job=job,
        org_records=int(org_get(base_url, host=host)["record_counts"].get("Lead", 0)),
        settings_used=used,
        profile=_profile_text(profiler) if profiler else "",
    )


def _profile_text(profiler: cProfile.Profile) -> str:
    """The 30 functions with the most time of their own, then the 30 most cumulative."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    return out.getvalue()
