"""Benchmark two-way updates: the cost of one poll and the time an edit takes to the org."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench.database import use_database
from devtools.bench.export.data import BenchDataRefused, BenchFigureWrong
from devtools.bench.processes.emulator import EmulatorNotStarted
from devtools.bench.processes.worker import WorkerNotStarted
from devtools.bench.updates.latency import LATENCY_TARGET_SECONDS
from devtools.bench.updates.report import updates_report_markdown
from devtools.bench.updates.run import UpdatesOptions, bench_updates_run


class Command(BaseCommand):
    help = (
        "Export N leads (10,000 by default) to the org emulator, run in a process of its own; "
        "change 1 % of them in the org as a partner user and count the SOQL requests of one "
        "poll (target: one per 200 records); then, with a django-q2 worker running, edit a "
        "lead through save() and time its arrival in the org (target: median "
        f"<= {LATENCY_TARGET_SECONDS:g} s). Exits non-zero when a target is missed. Needs "
        "PostgreSQL; migrates the database first and deletes its rows after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = UpdatesOptions()
        parser.add_argument("--records", type=int, default=defaults.records)
        parser.add_argument(
            "--changed",
            type=int,
            help="Leads the partner changes before the poll (default: 1 %% of --records).",
        )
        parser.add_argument("--edits", type=int, default=defaults.edits)
        parser.add_argument(
            "--no-latency-target",
            action="store_true",
            help="Print the edit-to-org time without judging it.",
        )
        parser.add_argument(
            "--database-url", help="A database URL to use instead of the configured database."
        )

    def handle(
        self,
        *args: Any,
        records: int,
        changed: int | None,
        edits: int,
        no_latency_target: bool,
        database_url: str | None,
        **opts: Any,
    ) -> None:
        changed = max(1, records // 100) if changed is None else changed
        if records < 1 or edits < 1:
            raise CommandError("--records and --edits must be 1 or more.")
        if not 1 <= changed <= records:
            raise CommandError("--changed must be between 1 and --records.")
        if database_url:
            use_database(database_url)
        call_command("migrate", interactive=False, verbosity=0)
        options = UpdatesOptions(
            records=records,
            changed=changed,
            edits=edits,
            latency_target_seconds=None if no_latency_target else LATENCY_TARGET_SECONDS,
        )
        try:
            result = bench_updates_run(options, log=self.stderr.write)
        except (BenchDataRefused, EmulatorNotStarted, WorkerNotStarted) as refused:
            raise CommandError(str(refused)) from None
        except BenchFigureWrong as wrong:
            raise CommandError(f"The updates benchmark's data is wrong: {wrong}") from None
        self.stdout.write(updates_report_markdown(result))
        if not result.met:
            raise CommandError("The updates benchmark missed its target (see the table).")
