"""The state file: orgs, records, usage and tokens survive a restart of the emulator."""

from __future__ import annotations

import json
import time
from pathlib import Path

from simple_salesforce import Salesforce

from emulator.control import org_create, org_records, org_stats
from emulator.server import emulator_start
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, adapted_session, lead, sf_connect, upsert_many

HOST = "saved.my.salesforce.com"


def _org(base_url: str, summary: dict[str, str]) -> EmulatedOrg:
    return EmulatedOrg(
        HOST,
        "saved.my",
        "cid",
        "secret",
        base_url,
        summary["org_id"],
        summary["integration_user_id"],
        (),
        "",
        "",
    )


def test_orgs_records_usage_and_tokens_survive_a_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "emulator" / "state.json"
    first = emulator_start(state_file=state_file)
    try:
        summary = org_create(first.base_url, host=HOST, client_id="cid", client_secret="secret")
        sf = sf_connect(_org(first.base_url, summary))
        created = upsert_many(sf, [lead("L-1"), lead("L-2")])
        token = sf.session_id
    finally:
        first.stop()

    second = emulator_start(state_file=state_file)
    try:
        restored = Salesforce(
            session_id=token,
            instance=HOST,
            session=adapted_session(second.base_url),
            version="62.0",
        )
        [added] = upsert_many(restored, [lead("L-3")])
        records = org_records(second.base_url, host=HOST, sobject="Lead")
        stats = org_stats(second.base_url, host=HOST)
    finally:
        second.stop()

    assert [record[EXT] for record in records] == ["L-1", "L-2", "L-3"]
    assert [record["Id"] for record in records[:2]] == [result["id"] for result in created]
    assert added["id"] not in {result["id"] for result in created}
    assert records[2]["SystemModstamp"] > records[1]["SystemModstamp"]
    assert stats["api_requests"] == 2


def test_changes_reach_the_file_while_the_emulator_runs(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    running = emulator_start(state_file=state_file)
    try:
        org_create(running.base_url, host=HOST, client_id="cid", client_secret="secret")
        deadline = time.monotonic() + 5
        while not state_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        saved = json.loads(state_file.read_text())
    finally:
        running.stop()

    assert [org["host"] for org in saved["orgs"]] == [HOST]
