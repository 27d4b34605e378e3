"""The export benchmark: three exports of N leads into an emulated org, judged by targets.

1. **collections**: N new leads through sObject Collections (the Bulk threshold above N);
   target ceil(N / 200) upserts plus one token request.
2. **Bulk API 2.0**: N other new leads through one Bulk API 2.0 ingest job (threshold below
   N); target fewer requests than the collections path takes for N.
3. **re-export unchanged**: the leads of path 1 again; every record ExportSuccessSkipped,
   at most the token request.

Each path must also end Completed with every record sent (or skipped), leave the org holding
the expected number of leads, and cost at most the CPU target per record in this process.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import override_settings

from devtools.bench.export.data import ORG, BenchData, data_create, data_wipe, leads_create
from devtools.bench.export.measure import Measured, export_measure
from devtools.bench.processes.emulator import emulator_process
from sync.models import JobStatus
from sync.services.export.chunk import CHUNK_SIZE

CPU_TARGET_MS = 0.25


@dataclass(frozen=True)
class BenchOptions:
    records: int = 10_000
    # None: print the CPU time without judging it (tests must not depend on timing).
    cpu_target_ms: float | None = CPU_TARGET_MS
    # Profile each path with cProfile (which slows it) and log the hot spots.
    profile: bool = False


@dataclass(frozen=True)
class PathResult:
    """One path's figures and the targets they are judged by."""

    name: str
    measured: Measured
    max_requests: int
    sent: bool  # whether the records must be sent (else skipped)
    org_expected: int
    cpu_target_ms: float | None

    @property
    def problems(self) -> list[str]:
        """Every target this path missed, in words."""
        m, job = self.measured, self.measured.job
        problems = []
        if m.requests > self.max_requests:
            problems.append(f"{m.requests} requests > {self.max_requests}")
        done = job.succeeded if self.sent else job.skipped
        if job.status != JobStatus.COMPLETED or done != m.records or job.failed:
            problems.append(
                f"job {job.status}: {job.succeeded} sent, {job.skipped} skipped, "
                f"{job.failed} failed of {m.records}"
            )
        if m.org_records != self.org_expected:
            problems.append(f"org holds {m.org_records} leads, not {self.org_expected}")
        if self.cpu_target_ms is not None and m.cpu_ms_per_record > self.cpu_target_ms:
            problems.append(f"{m.cpu_ms_per_record:.3f} CPU ms/record > {self.cpu_target_ms}")
        return problems

    @property
    def target(self) -> str:
        cpu = f", <= {self.cpu_target_ms} ms" if self.cpu_target_ms is not None else ""
        return f"<= {self.max_requests} requests{cpu}"


@dataclass
class BenchResult:
    options: BenchOptions
    paths: list[PathResult] = field(default_factory=list)
    machine: dict[str, str] = field(default_factory=dict)
    export_max_records: int = 0  # as configured, before the run raises it

    @property
    def met(self) -> bool:
        return all(not path.problems for path in self.paths)


def collection_requests(records: int) -> int:
    """Requests of a collections export: one upsert per 200 records plus the token."""
    return math.ceil(records / CHUNK_SIZE) + 1


def machine_summary() -> dict[str, str]:
    return {
        "cpus": str(os.cpu_count()),
        "database": connection.vendor,
    }


def _quiet(line: str) -> None:
    """Discard progress lines."""


def _paths(
    data: BenchData, base_url: str, options: BenchOptions, log: Callable[[str], None]
) -> Iterator[PathResult]:
    """Measure the three paths on the benchmark's data."""
    n = options.records
    first = leads_create(owner=data.exporter, count=n)
    second = leads_create(owner=data.exporter, count=n, start=n)
    plan = [
        ("collections", first, n + 1, collection_requests(n), True, n),
        ("Bulk API 2.0", second, 0, collection_requests(n) - 1, True, 2 * n),
        ("re-export unchanged", first, n + 1, 1, False, 2 * n),
    ]
    for name, ids, threshold, max_requests, sent, org_expected in plan:
        log(f"exporting {n:,} leads: {name}")
        measured = export_measure(
            exporter=data.exporter,
            record_ids=ids,
            base_url=base_url,
            host=ORG["host"],
            bulk_threshold=threshold,
            profile=options.profile,
        )
        if measured.profile:
            log(measured.profile)
        yield PathResult(name, measured, max_requests, sent, org_expected, options.cpu_target_ms)


def bench_run(options: BenchOptions, log: Callable[[str], None] = _quiet) -> BenchResult:
    """Start the emulator process, make the data, measure every path, delete the data."""
    result = BenchResult(
        options, machine=machine_summary(), export_max_records=settings.EXPORT_MAX_RECORDS
    )
    data_wipe()  # what an interrupted run left
    # django-q2's sync mode logs every task it runs; the table is what matters here.
    queue_log = logging.getLogger("django-q")
    level = queue_log.level
    queue_log.setLevel(logging.WARNING)
    email = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with emulator_process() as base_url:
            log(f"org emulator in its own process at {base_url}")
            with override_settings(SALESFORCE_EMULATOR_URL=base_url, EMAIL_BACKEND=email):
                data = None
                try:
                    data = data_create(base_url=base_url)
                    result.paths.extend(_paths(data, base_url, options, log))
                finally:
                    data_wipe(seats_before=data.seats_before if data else None)
    finally:
        queue_log.setLevel(level)
    return result
