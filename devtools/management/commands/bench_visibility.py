"""Benchmark the lead list page on a large generated data set in PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from devtools.bench.database import use_database
from devtools.bench.visibility.plan import MIN_ACCOUNTS
from devtools.bench.visibility.report import report_markdown
from devtools.bench.visibility.run import BenchOptions, BenchRefused, bench_run


class Command(BaseCommand):
    help = (
        "Generate a large data set in PostgreSQL (1M leads by default), materialize access, and "
        "time one lead list page per role against a single-company floor and a guardian "
        "baseline. Migrates the database first. Use an empty database of its own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = BenchOptions()
        parser.add_argument("--leads", type=int, default=defaults.leads)
        parser.add_argument("--accounts", type=int, default=defaults.accounts)
        parser.add_argument("--users", type=int, default=defaults.users)
        parser.add_argument(
            "--repeat", type=int, default=defaults.repeat, help="Timed pages per sampled user."
        )
        parser.add_argument(
            "--per-role", type=int, default=defaults.per_role, help="Users sampled per row."
        )
        parser.add_argument(
            "--baseline-repeat",
            type=int,
            default=defaults.baseline_repeat,
            help="Timed baseline pages per sampled user (the baseline is slow at full scale).",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--keep", action="store_true", help="Keep the generated data after measuring."
        )
        parser.add_argument(
            "--database-url", help="A PostgreSQL URL to use instead of the configured database."
        )

    def handle(self, *args: Any, database_url: str | None, **options: Any) -> None:
        fields = BenchOptions.__dataclass_fields__
        bench_options = BenchOptions(**{k: v for k, v in options.items() if k in fields})
        counts = ("leads", "accounts", "users", "repeat", "per_role", "baseline_repeat")
        if any(getattr(bench_options, name) < 1 for name in counts):
            raise CommandError(
                f"{', '.join('--' + n.replace('_', '-') for n in counts)} must be 1 or more."
            )
        if bench_options.accounts < MIN_ACCOUNTS:
            raise CommandError(f"--accounts must be at least {MIN_ACCOUNTS}.")
        if database_url:
            use_database(database_url)
        if connections["default"].vendor != "postgresql":
            raise CommandError(
                "bench_visibility needs PostgreSQL: set DATABASE_URL "
                "(e.g. postgres://postgres@127.0.0.1:5432/bench) or pass --database-url."
            )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            result = bench_run(bench_options, log=self.stderr.write)
        except BenchRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(report_markdown(result))
