"""Load the demo data set, or print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from devtools.demo.build import demo_build, demo_exists, demo_wipe
from devtools.demo.logins import login_table


class Command(BaseCommand):
    help = (
        "Load the deterministic demo data set (partner companies, people, records, shares). "
        "--if-empty skips when data exists, --reset rebuilds it, --logins prints the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database holds data."
        )
        mode.add_argument(
            "--reset", action="store_true", help="Delete the demo data, then build it again."
        )
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Print the demo logins; alone, it loads nothing.",
        )

    def handle(self, *args: Any, if_empty: bool, reset: bool, logins: bool, **options: Any) -> None:
        if not (logins and not (if_empty or reset)):
            self._load(if_empty=if_empty, reset=reset)
        if logins:
            self.stdout.write(login_table())

    def _load(self, *, if_empty: bool, reset: bool) -> None:
        if reset:
            with transaction.atomic():
                demo_wipe()
                demo_build()
            self.stdout.write("Demo data rebuilt.")
            return
        if demo_exists():
            if if_empty:
                self.stdout.write("The database already holds data; the demo was not loaded.")
                return
            raise CommandError(
                "The database already holds data. Use --reset to rebuild the demo data "
                "or --if-empty to leave it as it is."
            )
        demo_build()
        self.stdout.write("Demo data loaded.")
