"""Bulk API 2.0 ingest through simple-salesforce's bulk2: upsert, per-row results, faults."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.bulk2 import SFBulk2Type
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceOperationError

from emulator.control import org_faults_set, org_records, org_stats
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, adapted_session, first_error


def _bulk_lead(sf: Salesforce) -> SFBulk2Type:
    bulk_type = getattr(sf.bulk2, "Lead")
    assert isinstance(bulk_type, SFBulk2Type)
    return bulk_type


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


def _upsert(sf: Salesforce, records: list[dict[str, Any]]) -> dict[str, Any]:
    [result] = _bulk_lead(sf).upsert(records=records, external_id_field=EXT, wait=0)
    return dict(result)


def test_bulk_upsert_creates_updates_and_reports_failed_rows(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    first = _upsert(sf, [{EXT: f"B-{n}", "LastName": f"L{n}", "Company": "Acme"} for n in range(5)])
    second = _upsert(
        sf,
        [
            {EXT: "B-0", "LastName": "Changed", "Company": "Acme"},
            {EXT: "B-9", "LastName": "", "Company": "Acme"},
            {EXT: "B-10", "LastName": "New", "Company": "Acme", "Email": "nope"},
            {EXT: "B-11", "LastName": "New", "Company": "Acme", "Email": "new@example.com"},
        ],
    )

    assert (first["numberRecordsProcessed"], first["numberRecordsFailed"]) == (5, 0)
    assert (second["numberRecordsProcessed"], second["numberRecordsFailed"]) == (4, 2)
    successful = _rows(_bulk_lead(sf).get_successful_records(second["job_id"]))
    failed = _rows(_bulk_lead(sf).get_failed_records(second["job_id"]))
    # Results are not listed in upload order, as on Salesforce.
    assert sorted((row[EXT], row["sf__Created"]) for row in successful) == [
        ("B-0", "false"),
        ("B-11", "true"),
    ]
    assert sorted((row[EXT], row["sf__Error"]) for row in failed) == [
        ("B-10", "INVALID_EMAIL_ADDRESS:Email: invalid email address: nope:Email --"),
        ("B-9", "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --"),
    ]
    stored = {
        row[EXT]: row
        for row in org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    }
    assert sorted(stored) == ["B-0", "B-1", "B-11", "B-2", "B-3", "B-4"]
    assert stored["B-0"]["LastName"] == "Changed"
    assert {row[EXT]: row["sf__Id"] for row in successful}["B-0"] == stored["B-0"]["Id"]


def test_a_bulk_upsert_costs_a_handful_of_requests_whatever_its_size(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    # A job that runs at once, so the library polls exactly once.
    org_faults_set(emulated_org.base_url, host=emulated_org.host, bulk_job_seconds=0)
    result = _upsert(sf, [{EXT: f"B-{n}", "LastName": "L", "Company": "Acme"} for n in range(3000)])

    endpoints = org_stats(emulated_org.base_url, host=emulated_org.host)["endpoints"]
    assert result["numberRecordsProcessed"] == 3000
    assert endpoints == {"bulk_create": 1, "bulk_upload": 1, "bulk_state": 1, "bulk_info": 2}


def test_locked_rows_fail_the_bulk_job_rows_once(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, lock_row=1)
    records = [{EXT: f"B-{n}", "LastName": "L", "Company": "Acme"} for n in range(3)]

    locked = _upsert(sf, records)
    retried = _upsert(sf, records)

    assert locked["numberRecordsFailed"] == 3
    errors = {
        row["sf__Error"].split(":")[0]
        for row in _rows(_bulk_lead(sf).get_failed_records(locked["job_id"]))
    }
    assert errors == {"UNABLE_TO_LOCK_ROW"}
    assert retried["numberRecordsFailed"] == 0
    assert len(org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")) == 3


def test_a_bulk_job_with_an_unknown_column_fails_whole(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    bulk = _bulk_lead(sf)

    with pytest.raises(SalesforceOperationError, match="Field name not found : Shoe_Size__c"):
        bulk.upsert(
            records=[{EXT: "B-1", "LastName": "L", "Company": "A", "Shoe_Size__c": "44"}],
            external_id_field=EXT,
            wait=0,
        )

    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


def test_an_upsert_job_needs_an_external_id_field(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    session = adapted_session(emulated_org.base_url)
    headers = {"Authorization": f"Bearer {sf.session_id}", "Content-Type": "application/json"}

    response = session.post(
        f"https://{emulated_org.host}/services/data/v62.0/jobs/ingest",
        json={"object": "Lead", "operation": "upsert", "contentType": "CSV"},
        headers=headers,
        timeout=5,
    )

    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == "INVALIDJOB"


def test_an_upsert_job_on_a_field_that_is_not_an_external_id_is_refused(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        _bulk_lead(sf).upsert(
            records=[{"Email": "a@b.co", "LastName": "L", "Company": "A"}],
            external_id_field="Email",
            wait=0,
        )

    assert first_error(refused.value)["errorCode"] == "INVALID_FIELD"
