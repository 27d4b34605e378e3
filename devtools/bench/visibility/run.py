"""One benchmark run: check the database, load, measure, report, and clean up."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from devtools.bench.visibility.load import LoadReport, bench_load, bench_wipe, foreign_rows
from devtools.bench.visibility.measure import Row, company_sizes, sample_measure, samples_pick
from devtools.bench.visibility.plan import plan_build
from portal.models import Lead, LeadAccess


class BenchRefused(Exception):
    """The database cannot take the benchmark; the message says why."""


@dataclass(frozen=True)
class BenchOptions:
    leads: int = 1_000_000
    accounts: int = 2000
    users: int = 20_000
    repeat: int = 5
    per_role: int = 20
    baseline_repeat: int = 1
    keep: bool = False
    seed: int = 7


@dataclass
class BenchResult:
    """What a run measured, and where."""

    load: LoadReport
    rows: list[Row]
    machine: dict[str, str] = field(default_factory=dict)
    measure_seconds: float = 0.0


def bench_check_database() -> None:
    """Refuse unless the database is PostgreSQL and holds no data but the benchmark's."""
    if connection.vendor != "postgresql":
        raise BenchRefused(
            "The visibility benchmark needs PostgreSQL: set DATABASE_URL "
            "(e.g. postgres://postgres@127.0.0.1:5432/bench) or pass --database-url."
        )
    foreign = foreign_rows()
    if foreign:
        raise BenchRefused(
            f"The database holds {foreign} users, partner accounts or groups that the benchmark "
            "did not create; run it on an empty, dedicated database (createdb bench)."
        )


def _scalar(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return str(cursor.fetchone()[0])


def machine_describe() -> dict[str, str]:
    """CPU count, memory, PostgreSQL version and the sizes of the tables measured."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    size = "SELECT pg_size_pretty(pg_total_relation_size('{}'))"
    return {
        "cpus": str(os.cpu_count()),
        "memory": f"{memory:.1f} GiB",
        "postgresql": _scalar("SHOW server_version"),
        "shared_buffers": _scalar("SHOW shared_buffers"),
        "work_mem": _scalar("SHOW work_mem"),
        "leads": f"{Lead.objects.count():,}",
        "lead table with indexes": _scalar(size.format(Lead._meta.db_table)),
        "access rows": f"{LeadAccess.objects.count():,}",
        "access table with indexes": _scalar(size.format(LeadAccess._meta.db_table)),
    }


def _quiet(line: str) -> None:
    """Discard progress lines."""


def bench_run(options: BenchOptions, log: Callable[[str], None] = _quiet) -> BenchResult:
    """Build the data set, measure every sample, and drop the data unless asked to keep it."""
    bench_check_database()
    bench_wipe()  # what a previous run kept
    plan = plan_build(
        leads=options.leads, accounts=options.accounts, users=options.users, seed=options.seed
    )
    log(f"Loading {plan.lead_count:,} leads, {len(plan.accounts):,} partner accounts ...")
    load = bench_load(plan, log)
    result = BenchResult(load=load, rows=[], machine=machine_describe())
    started = time.perf_counter()
    sizes = company_sizes()
    for sample in samples_pick(per_role=options.per_role, seed=options.seed):
        row = sample_measure(
            sample, sizes, repeat=options.repeat, baseline_repeat=options.baseline_repeat
        )
        result.rows.append(row)
        log(
            f"measured {row.label}: selector {row.selector.median_ms:.2f} ms, ratio {row.ratio:.2f}"
        )
    result.measure_seconds = time.perf_counter() - started
    if not options.keep:
        bench_wipe()
    return result
