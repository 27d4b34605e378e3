"""The two-way updates benchmark: what one poll costs, and how soon an edit reaches the org.

1. **poll cost**: N leads exported to an emulated org (Bulk API 2.0), then one update cycle run
   here (sweep, push, poll), so both sides hold the connected records and the watermark is
   set. A partner user then changes 1 % of the imported leads in the org and ONE
   ``updates_poll`` runs. Target: at most one SOQL request per 200 exported records (50 at
   10,000). Each change must land in its local connected record, or the run fails.
2. **edit to org**: with ``manage.py qcluster`` running on the same database, one exported
   lead's update field is edited E times through ``save()``; the time from the commit until
   the org's Connected External Lead holds the new value, push window included. Target: a
   median of at most 2 s.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_q.models import OrmQ, Task

from devtools.bench.export.data import (
    COMPANY_NAME,
    ORG,
    BenchData,
    BenchFigureWrong,
    data_create,
    data_wipe,
    leads_create,
)
from devtools.bench.export.measure import (
    QueryCounter,
    endpoint_calls,
    export_measure,
    requests_total,
    tasks_mode,
)
from devtools.bench.export.run import machine_summary
from devtools.bench.processes.emulator import emulator_process
from devtools.bench.processes.worker import database_url
from devtools.bench.updates.latency import (
    CONNECTED_LEAD,
    LATENCY_TARGET_SECONDS,
    Latency,
    latency_measure,
)
from emulator.control import org_get, org_record_update, org_stats
from sync.models import (
    ConnectedExternalRecord,
    Connection,
    InboundStatus,
    ObjectType,
    RecordMap,
    SyncLease,
    UpdateOutbox,
)
from sync.services.connections.setup import connection_client
from sync.services.updates.common import CYCLE_TASK
from sync.services.updates.outbox import PUSH_TASK
from sync.services.updates.poll import POLL_OVERLAP_SECONDS, PollReport, updates_poll
from sync.services.updates.schedule import updates_cycle

# The target: 50 SOQL requests for 10,000 exported records.
RECORDS_PER_QUERY_TARGET = 200
SOQL_ENDPOINTS = ("query", "query_all", "query_more")


@dataclass(frozen=True)
class UpdatesOptions:
    records: int = 10_000
    changed: int = 100
    edits: int = 20
    edit_gap_seconds: float = 0.5
    # None: print the latency without judging it (tests must not depend on timing).
    latency_target_seconds: float | None = LATENCY_TARGET_SECONDS


@dataclass(frozen=True)
class PollCost:
    """One poll after ``changed`` partner edits: its requests, time and what it wrote."""

    records: int
    changed: int
    endpoints: dict[str, int]
    requests: int
    wall_seconds: float
    statements: int
    report: PollReport

    @property
    def soql(self) -> int:
        return sum(self.endpoints.get(name, 0) for name in SOQL_ENDPOINTS)

    @property
    def target(self) -> int:
        return math.ceil(self.records / RECORDS_PER_QUERY_TARGET)


@dataclass
class UpdatesResult:
    options: UpdatesOptions
    poll: PollCost | None = None
    latency: Latency | None = None
    machine: dict[str, str] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        poll_ok = self.poll is not None and self.poll.soql <= self.poll.target
        return poll_ok and self.latency is not None and self.latency.met


def _quiet(line: str) -> None:
    """Discard progress lines."""


def _timed(log: Callable[[str], None]) -> Callable[[str], None]:
    """``log`` with the seconds since the run started in front of each line."""
    started = time.perf_counter()
    return lambda line: log(f"[{time.perf_counter() - started:6.1f} s] {line}")


def _export(data: BenchData, base_url: str, records: int) -> None:
    """Export ``records`` new leads through Bulk API 2.0, the quickest way to many."""
    ids = leads_create(owner=data.exporter, count=records)
    job = export_measure(
        exporter=data.exporter,
        record_ids=ids,
        base_url=base_url,
        host=ORG["host"],
        bulk_threshold=0,
    ).job
    if job.succeeded != records:
        raise BenchFigureWrong(
            f"The export sent {job.succeeded} of {records} leads ({job.status})."
        )


def _wait_out_export_stamps(connection: Connection) -> None:
    """Wait until the poll's look-back no longer reaches the exported leads' stamps, so the
    measured poll returns the partner's changes alone.

    The emulator stamps each write at least 1 ms after the one before: an export of 10,000
    leads in one Bulk API job is stamped up to 10 s ahead of the clock.
    """
    client = connection_client(connection)
    try:
        rows = client.query(
            f"SELECT SystemModstamp FROM {ObjectType.LEAD.value} "  # noqa: S608 - constants
            "ORDER BY SystemModstamp DESC LIMIT 1"
        )
    finally:
        client.close()
    latest = parse_datetime(rows[0]["SystemModstamp"]) if rows else None
    if latest is not None:
        ahead = (latest - timezone.now()).total_seconds()
        time.sleep(max(ahead, 0) + POLL_OVERLAP_SECONDS + 1)


def _seed(connection_id: int, records: int, base_url: str) -> None:
    """One update cycle here: every connected record pushed to the org and polled back."""
    with override_settings(UPDATE_PUSH_WINDOW_SECONDS=0), tasks_mode(sync=True):
        updates_cycle(connection_id=connection_id)
    local = ConnectedExternalRecord.objects.filter(connection_id=connection_id).count()
    remote = int(org_get(base_url, host=ORG["host"])["record_counts"].get(CONNECTED_LEAD, 0))
    watermark = Connection.objects.get(pk=connection_id).poll_watermark
    if (local, remote) != (records, records) or watermark is None:
        raise BenchFigureWrong(
            f"The first cycle left {local} local and {remote} partner connected records of "
            f"{records}, watermark {watermark}."
        )


def _partner_title(record_map_id: int) -> str:
    return f"Partner title {record_map_id}"


def _partner_edits(connection_id: int, base_url: str, changed: int) -> dict[int, str]:
    """Change the Title of ``changed`` imported leads, spread evenly, as a partner user."""
    maps = RecordMap.objects.filter(connection_id=connection_id).exclude(external_id="")
    rows = list(maps.order_by("pk").values_list("pk", "external_id"))
    picked = rows[:: max(1, len(rows) // changed)][:changed]
    for pk, external_id in picked:
        # No as_user: the org's first active user other than our integration user.
        org_record_update(
            base_url,
            host=ORG["host"],
            sobject=ObjectType.LEAD.value,
            record_id=external_id,
            values={"Title": _partner_title(pk)},
        )
    return {pk: _partner_title(pk) for pk, _ in picked}


def _check_landed(connection_id: int, expected: dict[int, str], report: PollReport) -> None:
    """Every partner change, and nothing else, is in the local connected records."""
    rows = ConnectedExternalRecord.objects.filter(
        connection_id=connection_id, inbound_status=InboundStatus.UPDATE_SUCCESS
    )
    landed = {pk: values.get("title") for pk, values in rows.values_list("record_map_id", "values")}
    if landed != expected or report.changed != len(expected) or report.errors:
        wrong = sorted(
            pk for pk in expected.keys() | landed.keys() if landed.get(pk) != expected.get(pk)
        )
        raise BenchFigureWrong(
            f"The poll reported {report.changed} changed (errors {report.errors}) and "
            f"{len(landed)} connected records were updated for {len(expected)} partner "
            f"changes; record maps differing: {wrong[:10]}."
        )


def poll_measure(*, connection_id: int, base_url: str, records: int, changed: int) -> PollCost:
    """Change ``changed`` leads in the org as a partner, then time and count ONE poll."""
    expected = _partner_edits(connection_id, base_url, changed)
    counter = QueryCounter()
    before = org_stats(base_url, host=ORG["host"])
    with connection.execute_wrapper(counter):
        wall = time.perf_counter()
        report = updates_poll(connection_id=connection_id)
        wall = time.perf_counter() - wall
    after = org_stats(base_url, host=ORG["host"])
    _check_landed(connection_id, expected, report)
    return PollCost(
        records=records,
        changed=len(expected),
        endpoints=endpoint_calls(before, after),
        requests=requests_total(after) - requests_total(before),
        wall_seconds=wall,
        statements=counter.count,
        report=report,
    )


def updates_wipe() -> None:
    """The update rows and queued or finished tasks of the benchmark's connection."""
    connections = Connection.objects.filter(partner_account__name=COMPANY_NAME)
    ids = set(connections.values_list("pk", flat=True))
    for model in (ConnectedExternalRecord, UpdateOutbox, SyncLease):
        model.objects.filter(connection_id__in=ids).delete()
    funcs = (PUSH_TASK, CYCLE_TASK)
    tasks = Task.objects.filter(func__in=funcs).only("id", "args")
    Task.objects.filter(pk__in=[t.pk for t in tasks if set(t.args or ()) & ids]).delete()
    queued = [q.pk for q in OrmQ.objects.all() if q.func() in funcs and set(q.args() or ()) & ids]
    OrmQ.objects.filter(pk__in=queued).delete()


def _measure(result: UpdatesResult, base_url: str, log: Callable[[str], None]) -> None:
    options, log = result.options, _timed(log)
    data = None
    try:
        data = data_create(base_url=base_url)
        connection_id = data.connection.pk
        log(f"exporting {options.records:,} leads")
        _export(data, base_url, options.records)
        _wait_out_export_stamps(data.connection)
        log("running one update cycle: every connected record pushed and polled")
        _seed(connection_id, options.records, base_url)
        log(f"changing {options.changed} leads in the org, then one poll")
        result.poll = poll_measure(
            connection_id=connection_id,
            base_url=base_url,
            records=options.records,
            changed=options.changed,
        )
        log(f"editing a lead {options.edits} times with a worker running")
        result.latency = latency_measure(
            connection=data.connection,
            base_url=base_url,
            edits=options.edits,
            gap_seconds=options.edit_gap_seconds,
            target_seconds=options.latency_target_seconds,
        )
    finally:
        updates_wipe()
        data_wipe(seats_before=data.seats_before if data else None)


def bench_updates_run(
    options: UpdatesOptions, log: Callable[[str], None] = _quiet
) -> UpdatesResult:
    """Start the emulator process, make the data, measure both figures, delete the data."""
    database_url()  # refuses a database the worker cannot share before anything is made
    result = UpdatesResult(options, machine=machine_summary())
    updates_wipe()  # what an interrupted run left
    data_wipe()
    # django-q2's sync mode logs every task it runs; the figures are what matter here.
    queue_log = logging.getLogger("django-q")
    level = queue_log.level
    queue_log.setLevel(logging.WARNING)
    email = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with emulator_process() as base_url:
            log(f"org emulator in its own process at {base_url}")
            with override_settings(SALESFORCE_EMULATOR_URL=base_url, EMAIL_BACKEND=email):
                _measure(result, base_url, log)
    finally:
        queue_log.setLevel(level)
    return result
