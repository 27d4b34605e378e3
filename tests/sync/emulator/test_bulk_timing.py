"""Bulk API 2.0 jobs take time and list results in an order of their own, as Salesforce's do."""

from __future__ import annotations

import csv
import time
from typing import Any

import pytest
import requests
from simple_salesforce import Salesforce

from emulator.control import EmulatorControlError, org_faults_set, org_records
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, adapted_session

INGEST = "services/data/v62.0/jobs/ingest"


class _Jobs:
    """Raw calls on the ingest resource, so each state a job passes through can be seen."""

    def __init__(self, sf: Salesforce, org: EmulatedOrg) -> None:
        self.session: requests.Session = adapted_session(org.base_url)
        self.base = f"https://{org.host}/{INGEST}"
        self.auth = {"Authorization": f"Bearer {sf.session_id}"}

    def call(self, method: str, path: str = "", **kwargs: Any) -> requests.Response:
        headers = {**self.auth, **kwargs.pop("headers", {})}
        response = self.session.request(
            method, f"{self.base}{path}", headers=headers, timeout=5, **kwargs
        )
        assert response.status_code < 300, response.text
        return response

    def closed_job(self, rows: list[dict[str, str]]) -> str:
        job = self.call(
            "POST", json={"object": "Lead", "operation": "upsert", "externalIdFieldName": EXT}
        ).json()
        header = list(rows[0])
        lines = [",".join(header), *(",".join(row[name] for name in header) for row in rows)]
        self.call(
            "PUT",
            f"/{job['id']}/batches",
            data="\n".join(lines) + "\n",
            headers={"Content-Type": "text/csv"},
        )
        closed = self.call("PATCH", f"/{job['id']}", json={"state": "UploadComplete"}).json()
        assert closed["state"] == "UploadComplete"
        return str(job["id"])

    def state(self, job_id: str) -> str:
        return str(self.call("GET", f"/{job_id}").json()["state"])

    def results(self, job_id: str, kind: str) -> list[dict[str, str]]:
        return list(csv.DictReader(self.call("GET", f"/{job_id}/{kind}").text.splitlines()))


def _leads(count: int) -> list[dict[str, str]]:
    return [{EXT: f"T-{n}", "LastName": f"Last {n}", "Company": "Acme"} for n in range(count)]


def _states_until_done(jobs: _Jobs, job_id: str, org: EmulatedOrg) -> list[tuple[str, int]]:
    """Poll until the job ends: each state seen, with the leads stored at that moment."""
    seen: list[tuple[str, int]] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = jobs.state(job_id)
        stored = len(org_records(org.base_url, host=org.host, sobject="Lead"))
        if not seen or seen[-1][0] != state:
            seen.append((state, stored))
        if state in ("JobComplete", "Failed", "Aborted"):
            break
        time.sleep(0.05)
    return seen


def test_a_closed_job_is_queued_then_in_progress_then_complete_and_writes_only_then(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0.8)
    jobs = _Jobs(sf, emulated_org)

    job_id = jobs.closed_job(_leads(20))
    seen = _states_until_done(jobs, job_id, emulated_org)

    assert seen == [("UploadComplete", 0), ("InProgress", 0), ("JobComplete", 20)]


def test_jobs_take_a_little_time_by_default(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    jobs = _Jobs(sf, emulated_org)

    job_id = jobs.closed_job(_leads(3))

    assert jobs.state(job_id) in ("UploadComplete", "InProgress")
    assert [state for state, _ in _states_until_done(jobs, job_id, emulated_org)][-1] == (
        "JobComplete"
    )


def test_results_are_not_in_upload_order_and_match_by_their_fields(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0)
    jobs = _Jobs(sf, emulated_org)
    rows = _leads(30)
    rows[7]["LastName"] = rows[21]["LastName"] = ""  # two rows fail

    job_id = jobs.closed_job(rows)
    assert _states_until_done(jobs, job_id, emulated_org)[-1][0] == "JobComplete"
    successful = jobs.results(job_id, "successfulResults")
    failed = jobs.results(job_id, "failedResults")

    uploaded = [row[EXT] for row in rows]
    listed = [row[EXT] for row in successful]
    assert listed != [key for key in uploaded if key not in ("T-7", "T-21")]
    assert sorted(listed) == sorted(key for key in uploaded if key not in ("T-7", "T-21"))
    assert sorted(row[EXT] for row in failed) == ["T-21", "T-7"]
    stored = {
        record[EXT]: record["Id"]
        for record in org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    }
    assert {row[EXT]: row["sf__Id"] for row in successful} == stored
    assert all(row["LastName"] == f"Last {row[EXT][2:]}" for row in successful)


def test_a_job_aborted_while_in_progress_writes_nothing_and_lists_its_rows_unprocessed(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=30)
    jobs = _Jobs(sf, emulated_org)
    job_id = jobs.closed_job(_leads(4))

    aborted = jobs.call("PATCH", f"/{job_id}", json={"state": "Aborted"}).json()

    assert aborted["state"] == "Aborted"
    assert [row[EXT] for row in jobs.results(job_id, "unprocessedrecords")] == [
        "T-0",
        "T-1",
        "T-2",
        "T-3",
    ]
    assert jobs.results(job_id, "successfulResults") == []
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


@pytest.mark.parametrize("value", [-1, "soon", True, 4000])
def test_the_job_time_switch_takes_seconds_within_bounds(
    emulated_org: EmulatedOrg, value: Any
) -> None:
    with pytest.raises(EmulatorControlError) as refused:
        org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=value)

    assert refused.value.status == 400
