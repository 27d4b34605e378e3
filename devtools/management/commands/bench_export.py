"""Benchmark an export of many leads to an emulated partner org."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.bench.database import use_database
from devtools.bench.export.data import BenchDataRefused
from devtools.bench.export.report import report_markdown
from devtools.bench.export.run import CPU_TARGET_MS, BenchOptions, bench_run
from devtools.bench.processes.emulator import EmulatorNotStarted


class Command(BaseCommand):
    help = (
        "Export N leads (10,000 by default) to the org emulator, run in a process of its own, "
        "through sObject Collections, through Bulk API 2.0, and again unchanged; print the API "
        "requests, wall time and this process's CPU time per record against the targets, and "
        "exit non-zero when one is missed. Migrates the database first; deletes its rows after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=int, default=BenchOptions().records)
        parser.add_argument(
            "--no-cpu-target",
            action="store_true",
            help=f"Print the CPU time without judging it against {CPU_TARGET_MS} ms per record.",
        )
        parser.add_argument(
            "--profile",
            action="store_true",
            help="Profile each path with cProfile (slower) and print the hot spots to stderr.",
        )
        parser.add_argument(
            "--database-url", help="A database URL to use instead of the configured database."
        )

    def handle(
        self,
        *args: Any,
        records: int,
        no_cpu_target: bool,
        profile: bool,
        database_url: str | None,
        **opts: Any,
    ) -> None:
        if records < 1:
            raise CommandError("--records must be 1 or more.")
        if database_url:
            use_database(database_url)
        call_command("migrate", interactive=False, verbosity=0)
        options = BenchOptions(
            records=records,
            cpu_target_ms=None if no_cpu_target else CPU_TARGET_MS,
            profile=profile,
        )
        try:
            result = bench_run(options, log=self.stderr.write)
        except (BenchDataRefused, EmulatorNotStarted) as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(report_markdown(result))
        if not result.met:
            raise CommandError("The export benchmark missed its target (see the table).")
