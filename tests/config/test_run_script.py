"""bin/run (what `make run` starts): email links follow the port, the logins print cleanly."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, **env: str) -> list[str]:
    """Run bin/run with a stand-in Python that logs each command and the SITE_URL it saw."""
    log = tmp_path / "calls.log"
    fake = tmp_path / "python"
    # runserver waits a moment, as the real one does, so the background worker has started.
    fake.write_text(
        f'#!/bin/sh\necho "$SITE_URL $*" >> {log}\ncase "$*" in *runserver*) sleep 1;; esac\n'
    )
    fake.chmod(0o755)
    environment = {**os.environ, "PY": str(fake), "SALESFORCE_EMULATOR_URL": "", **env}
    subprocess.run(
        ["bash", str(ROOT / "bin" / "run")],
        cwd=tmp_path,
        env=environment,
        check=True,
        timeout=60,
        capture_output=True,
    )
    return log.read_text().splitlines()


def test_email_links_use_the_port_the_site_runs_on(tmp_path):
    calls = _run(tmp_path, PORT="8103")
    assert calls, "bin/run ran no command"
    assert all(line.startswith("http://127.0.0.1:8103 ") for line in calls)


def test_an_explicit_site_url_wins(tmp_path):
    calls = _run(tmp_path, PORT="8103", SITE_URL="https://partners.example.com")
    assert all(line.startswith("https://partners.example.com ") for line in calls)


def test_the_worker_starts_after_the_logins_are_printed(tmp_path):
    commands = [line.split(" ", 1)[1] for line in _run(tmp_path)]
    assert commands.index("manage.py seed_demo --logins") < commands.index("manage.py qcluster")
    assert any(command.startswith("manage.py runserver") for command in commands)


def test_both_worker_clusters_start_the_main_one_and_the_push_one(tmp_path):
    # The stand-in Python logs which cluster each command was started as.
    log = tmp_path / "clusters.log"
    fake = tmp_path / "python"
    fake.write_text(
        f'#!/bin/sh\necho "${{Q_CLUSTER_NAME:-main}} $*" >> {log}\n'
        'case "$*" in *runserver*) sleep 1;; esac\n'
    )
    fake.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "Q_CLUSTER_NAME"}
    environment.update(PY=str(fake), SALESFORCE_EMULATOR_URL="")
    subprocess.run(
        ["bash", str(ROOT / "bin" / "run")],
        cwd=tmp_path,
        env=environment,
        check=True,
        timeout=60,
        capture_output=True,
    )
    calls = log.read_text().splitlines()
    clusters = sorted(line for line in calls if line.endswith("manage.py qcluster"))
    assert clusters == ["main manage.py qcluster", "pushes manage.py qcluster"]
    # Only the push cluster is started with a cluster name; nothing else sees one.
    assert [line for line in calls if line.startswith("pushes ")] == ["pushes manage.py qcluster"]
