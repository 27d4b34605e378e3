"""/limits: the allocations Salesforce reports, with the ones the emulator models moving."""

from __future__ import annotations

from typing import Any

import pytest
from simple_salesforce import Salesforce

from emulator.control import org_faults_set
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, lead, upsert_many

USUAL_KEYS = (
    "DailyApiRequests",
    "DailyAsyncApexExecutions",
    "DailyBulkApiBatches",
    "DailyBulkV2QueryFileStorageMB",
    "DailyBulkV2QueryJobs",
    "DailyStreamingApiEvents",
    "DataStorageMB",
    "FileStorageMB",
    "HourlyODataCallout",
    "MassEmail",
    "SingleEmail",
)


def _limits(sf: Salesforce) -> dict[str, Any]:
    return {name: dict(value) for name, value in sf.limits().items()}


def _remaining(sf: Salesforce, name: str) -> int:
    return int(_limits(sf)[name]["Remaining"])


def _bulk_job(sf: Salesforce, org: EmulatedOrg, count: int) -> None:
    org_faults_set(org.base_url, host=org.host, bulk_job_seconds=0)
    rows = [{EXT: f"K-{n}", "LastName": "L", "Company": "Acme"} for n in range(count)]
    [result] = getattr(sf.bulk2, "Lead").upsert(records=rows, external_id_field=EXT, wait=0)
    assert result["numberRecordsProcessed"] == count


def test_limits_list_the_usual_allocations_each_with_max_and_remaining(sf: Salesforce) -> None:
    limits = _limits(sf)

    assert set(USUAL_KEYS) <= set(limits)
    assert len(limits) > 40
    assert all(set(value) == {"Max", "Remaining"} for value in limits.values())
    assert all(0 <= value["Remaining"] <= value["Max"] for value in limits.values())
    assert limits["DailyBulkApiBatches"] == {"Max": 15000, "Remaining": 15000}


@pytest.mark.parametrize(("records", "batches"), [(10, 1), (10_000, 1), (10_001, 2)])
def test_a_bulk_ingest_job_costs_a_batch_per_10000_records(
    sf: Salesforce, emulated_org: EmulatedOrg, records: int, batches: int
) -> None:
    before = _remaining(sf, "DailyBulkApiBatches")

    _bulk_job(sf, emulated_org, records)

    assert before - _remaining(sf, "DailyBulkApiBatches") == batches


def test_collection_writes_cost_api_requests_and_no_bulk_batches(sf: Salesforce) -> None:
    before = _limits(sf)

    for start in range(0, 600, 200):
        upsert_many(sf, [lead(f"C-{n}") for n in range(start, start + 200)])

    after = _limits(sf)
    # Three upserts and the second limits call itself.
    used = before["DailyApiRequests"]["Remaining"] - after["DailyApiRequests"]["Remaining"]
    assert used == 4
    assert after["DailyBulkApiBatches"] == before["DailyBulkApiBatches"]


def test_data_storage_moves_2_kb_a_record(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    before = _remaining(sf, "DataStorageMB")

    _bulk_job(sf, emulated_org, 1024)

    assert before - _remaining(sf, "DataStorageMB") == 2
