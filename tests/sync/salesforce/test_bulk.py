"""Bulk API 2.0 upsert: the ingest job's requests, CSV cells, results back in input order."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import responses

from salesforce import RecordError, RecordResult, SalesforceCallFailed, SalesforceClient
from salesforce.parsing import bulk_error_parse
from tests.helpers.salesforce import DATA, sf_error, token_ok

JOB_ID = "7505g00000C0000001"
INGEST = f"{DATA}jobs/ingest"
JOB = f"{INGEST}/{JOB_ID}"


def job(state: str, processed: int = 0, failed: int = 0) -> dict[str, Any]:
    return {
        "id": JOB_ID,
        "operation": "upsert",
        "object": "Lead",
        "state": state,
        "externalIdFieldName": "Vendor_Record_Id__c",
        "contentType": "CSV",
        "numberRecordsProcessed": processed,
        "numberRecordsFailed": failed,
    }


def bulk_job_ok(rsps: responses.RequestsMock, successful: str, failed: str) -> None:
    """Register the requests of one ingest job, from create to its results."""
    rsps.post(INGEST, json=job("Open"))
    rsps.put(f"{JOB}/batches", status=201)
    rsps.patch(JOB, json=job("UploadComplete"))
    rsps.get(JOB, json=job("JobComplete", processed=4, failed=1))
    rsps.get(f"{JOB}/successfulResults", body=successful, content_type="text/csv")
    rsps.get(f"{JOB}/failedResults", body=failed, content_type="text/csv")


RECORDS: list[dict[str, Any]] = [
    {"Vendor_Record_Id__c": "L-1", "LastName": "One", "Company": "Acme", "HasOptedOut": True},
    {"Vendor_Record_Id__c": "L-2", "LastName": "Two", "Company": None, "HasOptedOut": False},
    {"Vendor_Record_Id__c": "L-3", "LastName": "Three, Jr.", "Company": "B", "HasOptedOut": False},
    {"Vendor_Record_Id__c": "L-4", "LastName": "Four", "Company": "C", "HasOptedOut": False},
]
SUCCESSFUL = (
    '"sf__Id","sf__Created","Company","HasOptedOut","LastName","Vendor_Record_Id__c"\n'
    '"00Q5g00000A0000003","true","B","false","Three, Jr.","L-3"\n'
    '"00Q5g00000A0000001","false","Acme","true","One","L-1"\n'
    '"00Q5g00000A0000004","true","C","false","Four","L-4"\n'
)
FAILED = (
    '"sf__Id","sf__Error","Company","HasOptedOut","LastName","Vendor_Record_Id__c"\n'
    '"","REQUIRED_FIELD_MISSING:Required fields are missing: [Company]:Company --",'
    '"#N/A","false","Two","L-2"\n'
)


def test_bulk_upsert_creates_an_upsert_job_on_the_external_id_and_uploads_csv(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    bulk_job_ok(rsps, SUCCESSFUL, FAILED)

    client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)

    create = rsps.calls[1].request
    assert (create.method, create.url) == ("POST", INGEST)
    assert json.loads(create.body or "") == {
        "operation": "upsert",
        "columnDelimiter": "COMMA",
        "lineEnding": "LF",
        "externalIdFieldName": "Vendor_Record_Id__c",
        "object": "Lead",
        "contentType": "CSV",
    }
    upload = rsps.calls[2].request
    assert (upload.method, upload.url) == ("PUT", f"{JOB}/batches")
    assert upload.headers["Content-Type"] == "text/csv; charset=UTF-8"
    sent = upload.body or ""
    rows = list(csv.DictReader(io.StringIO(sent if isinstance(sent, str) else sent.decode())))
    assert rows == [
        {"Vendor_Record_Id__c": "L-1", "LastName": "One", "Company": "Acme", "HasOptedOut": "true"},
        {
            "Vendor_Record_Id__c": "L-2",
            "LastName": "Two",
            "Company": "#N/A",
            "HasOptedOut": "false",
        },
        {
            "Vendor_Record_Id__c": "L-3",
            "LastName": "Three, Jr.",
            "Company": "B",
            "HasOptedOut": "false",
        },
        {"Vendor_Record_Id__c": "L-4", "LastName": "Four", "Company": "C", "HasOptedOut": "false"},
    ]
    close = rsps.calls[3].request
    assert (close.method, close.url) == ("PATCH", JOB)
    assert json.loads(close.body or "") == {"state": "UploadComplete"}


def test_bulk_results_come_back_in_input_order_whatever_order_salesforce_lists_them(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    bulk_job_ok(rsps, SUCCESSFUL, FAILED)

    results = client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)

    assert results == [
        RecordResult(ok=True, id="00Q5g00000A0000001", created=False, errors=[]),
        RecordResult(
            ok=False,
            id=None,
            created=False,
            errors=[
                RecordError(
                    "REQUIRED_FIELD_MISSING", "Required fields are missing: [Company]", ["Company"]
                )
            ],
        ),
        RecordResult(ok=True, id="00Q5g00000A0000003", created=True, errors=[]),
        RecordResult(ok=True, id="00Q5g00000A0000004", created=True, errors=[]),
    ]
    # token, create, upload, close, poll, job info, successful, failed
    assert client.requests_made == 8


def test_a_record_missing_from_both_result_files_is_unprocessed_and_transient(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    bulk_job_ok(rsps, SUCCESSFUL, FAILED.splitlines(keepends=True)[0])

    results = client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)

    assert results[1].ok is False
    assert results[1].errors[0].status_code == "BULK_UNPROCESSED"
    assert results[1].transient is True


def test_a_failed_bulk_job_raises_call_failed(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.post(INGEST, json=job("Open"))
    rsps.put(f"{JOB}/batches", status=201)
    rsps.patch(JOB, json=job("UploadComplete"))
    rsps.get(JOB, json=job("Failed") | {"errorMessage": "InvalidBatch : Field name not found"})

    with pytest.raises(SalesforceCallFailed) as raised:
        client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)

    assert raised.value.error_code == "BULK_JOB_FAILED"
    assert "Field name not found" in raised.value.message


def test_a_refused_job_creation_is_translated(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    from salesforce import SalesforceLimitReached

    token_ok(rsps)
    rsps.post(
        INGEST, status=403, json=sf_error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    )

    with pytest.raises(SalesforceLimitReached):
        client.bulk_upsert("Lead", "Vendor_Record_Id__c", RECORDS)


def test_bulk_upsert_refuses_records_without_the_external_id(client: SalesforceClient) -> None:
    with responses.RequestsMock(), pytest.raises(ValueError, match="Vendor_Record_Id__c"):
        client.bulk_upsert("Lead", "Vendor_Record_Id__c", [{"LastName": "No key"}])
    assert client.requests_made == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --",
            RecordError(
                "REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]", ["LastName"]
            ),
        ),
        (
            "DUPLICATE_VALUE:duplicate value found: Vendor_Record_Id__c duplicates value on "
            "record with id: 00Q5g00000A0000001:--",
            RecordError(
                "DUPLICATE_VALUE",
                "duplicate value found: Vendor_Record_Id__c duplicates value on record with id: "
                "00Q5g00000A0000001",
                [],
            ),
        ),
        (
            "INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: A, B:A,B --",
            RecordError(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: A, B",
                ["A", "B"],
            ),
        ),
        (
            "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record",
            RecordError(
                "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", []
            ),
        ),
        ("something odd", RecordError("UNKNOWN_EXCEPTION", "something odd", [])),
    ],
)
def test_bulk_error_cells_split_into_code_message_and_fields(
    text: str, expected: RecordError
) -> None:
    assert bulk_error_parse(text) == expected
