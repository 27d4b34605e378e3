"""Run the Salesforce org emulator standalone until interrupted."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from emulator.demo import DEMO_ORGS, demo_orgs_create
from emulator.server import emulator_start


class Command(BaseCommand):
    help = (
        "Serve the multi-org Salesforce emulator on loopback until Ctrl-C. Point the site at "
        "it with SALESFORCE_EMULATOR_URL=<the printed URL>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8790, help="0 picks a free port.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument(
            "--state-file",
            default=None,
            help="JSON file the orgs are loaded from and saved to (e.g. var/emulator/state.json).",
        )
        parser.add_argument(
            "--demo-orgs",
            action="store_true",
            help="Create the demo orgs (emulator.demo.DEMO_ORGS) if they are missing.",
        )

    def handle(
        self,
        *args: Any,
        port: int,
        host: str,
        state_file: str | None,
        demo_orgs: bool,
        **options: Any,
    ) -> None:
        stop = threading.Event()
        running = emulator_start(port=port, state_file=state_file, host=host)
        previous = self._on_sigterm(stop)
        try:
            if demo_orgs:
                demo_orgs_create(running.base_url)
            self.stdout.write(f"Org emulator at {running.base_url}")
            for org in DEMO_ORGS if demo_orgs else []:
                self.stdout.write(f"  demo org {org['host']} ({org['partner_account']})")
            self.stdout.flush()
            self._wait(stop)
        finally:
            running.stop()
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
            self.stdout.write("Org emulator stopped.")

    def _on_sigterm(self, stop: threading.Event) -> Any:
        """Make SIGTERM stop (and so save) as Ctrl-C does; only the main thread may."""
        if threading.current_thread() is not threading.main_thread():
            return None
        return signal.signal(signal.SIGTERM, lambda number, frame: stop.set())

    def _wait(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            return
