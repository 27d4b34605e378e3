"""bulk_upsert against jobs that take time, as Salesforce's do: it polls, with a bounded wait."""

from __future__ import annotations

import time
from typing import Any

import pytest

from emulator.control import org_faults_set, org_records, org_stats
from salesforce import OrgCredentials, SalesforceCallFailed, SalesforceClient, SalesforceTransient
from tests.helpers.orgs import EmulatedOrg

pytestmark = pytest.mark.usefixtures("emulator_settings")

EXT = "Vendor_Record_Id__c"


def _client(org: EmulatedOrg, *, timeout: float = 60) -> SalesforceClient:
    credentials = OrgCredentials(org.host, org.client_id, org.client_secret)
    return SalesforceClient(credentials, bulk_poll_seconds=0.02, bulk_timeout_seconds=timeout)


def _leads(count: int) -> list[dict[str, Any]]:
    return [{EXT: f"W-{n}", "LastName": f"Lead {n}", "Company": "Acme"} for n in range(count)]


def test_bulk_upsert_polls_a_job_through_its_states_and_matches_results_by_key(
    emulated_org: EmulatedOrg,
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0.6)
    records = _leads(40)
    records[13]["LastName"] = None

    results = _client(emulated_org).bulk_upsert("Lead", EXT, records)

    stored = {
        lead[EXT]: lead["Id"]
        for lead in org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    }
    assert [result.ok for result in results] == [n != 13 for n in range(40)]
    assert results[13].errors[0].status_code == "REQUIRED_FIELD_MISSING"
    assert [result.id for result in results if result.ok] == [
        stored[record[EXT]] for n, record in enumerate(records) if n != 13
    ]
    stats = org_stats(emulated_org.base_url, host=emulated_org.host)
    assert stats["endpoints"]["bulk_info"] > 2  # polled while queued and in progress


def test_bulk_upsert_gives_up_on_a_job_that_runs_too_long_and_aborts_it(
    emulated_org: EmulatedOrg,
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=30)
    client = _client(emulated_org, timeout=0.5)
    started = time.monotonic()

    with pytest.raises(SalesforceTransient) as timed_out:
        client.bulk_upsert("Lead", EXT, _leads(5))

    assert time.monotonic() - started < 5
    assert timed_out.value.error_code == "BULK_JOB_TIMEOUT"
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0)
    # Aborted, the job never runs, even once its time would be up.
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []
    stats = org_stats(emulated_org.base_url, host=emulated_org.host)
    assert stats["endpoints"]["bulk_state"] == 2  # closed, then aborted


def test_a_job_that_fails_whole_is_reported_as_a_failed_call(emulated_org: EmulatedOrg) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0.3)
    records = [{**record, "Shoe_Size__c": "44"} for record in _leads(3)]

    with pytest.raises(SalesforceCallFailed) as failed:
        _client(emulated_org).bulk_upsert("Lead", EXT, records)

    assert failed.value.error_code == "BULK_JOB_FAILED"
    assert "Shoe_Size__c" in str(failed.value)
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []
