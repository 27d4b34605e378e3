"""The org emulator in a process of its own, so its CPU time is not counted as ours."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings

from emulator.control import emulator_ping

START_SECONDS = 30.0
BANNER = "Org emulator at "


class EmulatorNotStarted(Exception):
    """The emulator process did not come up; the message says why."""


def _base_url(process: subprocess.Popen[str], errors: IO[str]) -> str:
    """The URL the emulator prints on its first line (it picks a free port itself)."""
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith(BANNER):
        process.wait(timeout=START_SECONDS)
        errors.seek(0)
        said = errors.read().strip().splitlines()[-1:] or [line or "no output"]
        raise EmulatorNotStarted(f"The org emulator did not start: {said[0]}")
    return line.removeprefix(BANNER)


def _wait_until_answering(base_url: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while not emulator_ping(base_url):
        if time.monotonic() > deadline:
            raise EmulatorNotStarted(f"The org emulator does not answer at {base_url}.")
        time.sleep(0.1)


def _stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM (the command stops cleanly on it), then kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


@contextmanager
def emulator_process() -> Iterator[str]:
    """Run ``manage.py org_emulator --port 0`` in a child process; yield its base URL."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "org_emulator", "--port", "0"]
    # The child loads the same settings; under the test runner it must know it is testing.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("TESTING", "true" if settings.TESTING else "false")
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
        )
        try:
            base_url = _base_url(process, errors)
            _wait_until_answering(base_url)
            yield base_url
        finally:
            _stop(process)
