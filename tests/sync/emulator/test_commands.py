"""The org_emulator command runs the emulator standalone; org_emulator_show prints what it holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings
from simple_salesforce import Salesforce

from emulator.control import orgs_list
from emulator.demo import DEMO_ORGS
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import lead, upsert_many


def _show(*args: str) -> str:
    out = StringIO()
    call_command("org_emulator_show", *args, stdout=out)
    return out.getvalue()


def test_show_lists_orgs_with_usage_and_record_counts(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-1"), lead("L-2")])

    output = _show("--url", emulated_org.base_url)

    [line] = [line for line in output.splitlines() if line.startswith(emulated_org.host)]
    assert emulated_org.org_id in line
    assert "1/15000" in line
    assert "Lead 2" in line


def test_show_prints_an_objects_records_as_a_table(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-1", Email="pat@example.com")])

    output = _show("--url", emulated_org.base_url, "--org", emulated_org.host, "--object", "Lead")

    lines = output.splitlines()
    assert lines[0].startswith(f"{emulated_org.host}: 1/15000 API requests, 1 token requests")
    assert lines[1] == "1 Lead records:"
    assert lines[2].split() == [
        "Id",
        "Vendor_Record_Id__c",
        "LastName",
        "Company",
        "Email",
        "Status",
        "OwnerId",
        "LastModifiedById",
        "SystemModstamp",
    ]
    assert "pat@example.com" in lines[4] and "L-1" in lines[4]


def test_show_reads_the_url_from_settings(settings: Settings, emulated_org: EmulatedOrg) -> None:
    settings.SALESFORCE_EMULATOR_URL = emulated_org.base_url

    assert emulated_org.host in _show()


def test_show_without_a_url_says_how_to_give_one(settings: Settings) -> None:
    settings.SALESFORCE_EMULATOR_URL = ""

    with pytest.raises(CommandError, match="pass --url or set SALESFORCE_EMULATOR_URL"):
        _show()


def test_show_for_an_unknown_org_is_an_error(emulated_org: EmulatedOrg) -> None:
    with pytest.raises(CommandError, match="404"):
        _show("--url", emulated_org.base_url, "--org", "nobody.my.salesforce.com")


def test_the_standalone_emulator_serves_the_demo_orgs_and_saves_on_termination(
    tmp_path: Path,
) -> None:
    state_file = tmp_path / "state.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "manage.py",
            "org_emulator",
            "--port",
            "0",
            "--demo-orgs",
            "--state-file",
            str(state_file),
        ],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "TESTING": "true"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline().strip()
        base_url = first_line.removeprefix("Org emulator at ")
        hosts = {org["host"] for org in orgs_list(base_url)}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)

    assert first_line.startswith("Org emulator at http://127.0.0.1:")
    assert hosts == {org["host"] for org in DEMO_ORGS}
    assert process.returncode == 0
    assert {org["host"] for org in json.loads(state_file.read_text())["orgs"]} == hosts
