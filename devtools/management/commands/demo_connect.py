"""Connect the demo partner companies to their emulated orgs (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.demo.connect import DemoConnectFailed, demo_connect


class Command(BaseCommand):
    help = (
        "Create the demo orgs in the org emulator (SALESFORCE_EMULATOR_URL) and connect the "
        "two demo partner companies to them with working mappings. Run after seed_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=15.0,
            help="Seconds to wait for a freshly started emulator to answer.",
        )

    def handle(self, *args: Any, wait: float, **options: Any) -> None:
        try:
            lines = demo_connect(wait_seconds=wait)
        except DemoConnectFailed as failed:
            raise CommandError(str(failed)) from None
        for line in lines:
            self.stdout.write(line)
