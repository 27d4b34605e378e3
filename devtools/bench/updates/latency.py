"""Edit to org: how long a lead saved here takes to reach the partner org's connected record.

A django-q2 cluster runs in a process of its own on the same database, so a save takes the
path it takes in production: the post_save receiver queues an outbox row due after the push
window and, on commit, a push task; the worker takes the task from the ORM broker, waits for
the row to come due and upserts the Connected External Lead.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.models import Task

from devtools.bench.export.data import ORG, BenchFigureWrong
from devtools.bench.export.measure import tasks_mode
from devtools.bench.processes.worker import worker_process
from emulator.control import org_stats
from portal.models import Lead
from salesforce import SalesforceClient
from sync.kinds import sync_kind
from sync.models import (
    DEFAULT_EXTERNAL_ID_FIELD,
    Connection,
    ObjectType,
    RecordMap,
)
from sync.services.connections.setup import connection_client
from sync.services.updates.common import CYCLE_TASK
from sync.services.updates.outbox import PUSH_TASK

LATENCY_TARGET_SECONDS = 2.0
CONNECTED_LEAD = sync_kind(ObjectType.LEAD).connected_object
# How often the org is looked at while an edit is on its way.
WATCH_SECONDS = 0.02
# The first edit also waits for the worker to start.
WARM_UP_SECONDS = 60.0
EDIT_DEADLINE_SECONDS = 30.0


@dataclass(frozen=True)
class Latency:
    """Seconds from each edit's commit until the org held its value."""

    seconds: list[float]
    window_seconds: float
    target_seconds: float | None
    # The worker's tasks while the edits were measured: pushes, and scheduled update cycles.
    tasks: dict[str, int] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p90(self) -> float:
        if len(self.seconds) < 2:
            return self.seconds[0]
        return statistics.quantiles(self.seconds, n=10, method="inclusive")[8]

    @property
    def met(self) -> bool:
        return self.target_seconds is None or self.median <= self.target_seconds


@dataclass(frozen=True)
class _OrgWatch:
    """What the benchmark looks at while an edit is on its way: the org and the worker's log."""

    client: SalesforceClient
    base_url: str
    log_path: Path

    def upserts(self) -> int:
        """Collection upserts the org has applied (it answers under one lock, so counted
        means done)."""
        stats = org_stats(self.base_url, host=ORG["host"])
        return int(stats["endpoints"].get("collections_upsert", 0))

    def title(self, lead_id: int) -> Any:
        """The Title the org's Connected External Lead of ``lead_id`` holds, if any."""
        soql = (
            f"SELECT Title__c FROM {CONNECTED_LEAD} "  # noqa: S608 - an int and our constants
            f"WHERE {DEFAULT_EXTERNAL_ID_FIELD} = '{int(lead_id)}'"
        )
        rows = self.client.query(soql)
        return rows[0]["Title__c"] if rows else None

    def worker_log(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-20:])


def _edit(lead_id: int, title: str) -> float:
    """Save the lead with a new Title; the moment its transaction committed."""
    committed: list[float] = []
    with transaction.atomic():
        # Registered before save() queues the push, so it runs first after the COMMIT.
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        lead = Lead.objects.get(pk=lead_id)
        lead.title = title
        lead.save()
    return committed[0]


def _edit_and_wait(watch: _OrgWatch, lead_id: int, title: str, *, deadline: float) -> float:
    """Edit, then watch the org every few ms; seconds from the commit to the value landed."""
    upserts = watch.upserts()
    committed = _edit(lead_id, title)
    while True:
        time.sleep(WATCH_SECONDS)
        now_upserts = watch.upserts()
        seen = time.perf_counter()
        if now_upserts != upserts:
            upserts = now_upserts
            if watch.title(lead_id) == title:
                return seen - committed
        if seen - committed > deadline:
            raise BenchFigureWrong(
                f"{title!r} did not reach the org within {deadline:.0f} s. Worker log:\n"
                f"{watch.worker_log()}"
            )


def _tasks_since(started: datetime, connection_id: int) -> dict[str, int]:
    """How many push tasks and scheduled cycles of the connection the worker ran since."""
    names = {PUSH_TASK: "push", CYCLE_TASK: "cycle"}
    tasks = Task.objects.filter(func__in=list(names), started__gte=started)
    counts = dict.fromkeys(names.values(), 0)
    for func, args in tasks.values_list("func", "args"):
        if connection_id in (args or ()):
            counts[names[func]] += 1
    return counts


def latency_measure(
    *,
    connection: Connection,
    base_url: str,
    edits: int,
    gap_seconds: float,
    target_seconds: float | None,
) -> Latency:
    """With a worker running, edit one exported lead ``edits`` times, one at a time."""
    lead_id = RecordMap.objects.filter(connection=connection).order_by("pk")[0].lead_id
    assert lead_id is not None
    client = connection_client(connection)
    seconds = []
    try:
        with worker_process(emulator_url=base_url) as log_path, tasks_mode(sync=False):
            watch = _OrgWatch(client, base_url, log_path)
            # The first edit also waits for the worker to come up; it is not counted.
            _edit_and_wait(watch, lead_id, "Vendor warm-up", deadline=WARM_UP_SECONDS)
            started = timezone.now()
            for n in range(edits):
                time.sleep(gap_seconds)
                title = f"Vendor edit {n + 1}"
                seconds.append(
                    _edit_and_wait(watch, lead_id, title, deadline=EDIT_DEADLINE_SECONDS)
                )
    finally:
        client.close()
    return Latency(
        seconds,
        window_seconds=settings.UPDATE_PUSH_WINDOW_SECONDS,
        target_seconds=target_seconds,
        tasks=_tasks_since(started, connection.pk),
    )
