"""sObject Collections upsert and update: URL, body, 200 per request, per-record results."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
import responses

from salesforce import RecordError, RecordResult, SalesforceClient
from tests.helpers.salesforce import DATA, token_ok

UPSERT_URL = f"{DATA}composite/sobjects/Lead/Vendor_Record_Id__c"
UPDATE_URL = f"{DATA}composite/sobjects"


def leads(count: int) -> list[dict[str, Any]]:
    return [
        {"Vendor_Record_Id__c": f"L-{n}", "LastName": f"Name {n}", "Company": "Acme"}
        for n in range(count)
    ]


def created(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": f"00Q5g00000A{n:07d}", "success": True, "errors": [], "created": True}
        for n in range(start, start + count)
    ]


def test_upsert_many_patches_the_collection_by_external_id_with_all_or_none_false(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(UPSERT_URL, json=created(2))

    client.upsert_many("Lead", "Vendor_Record_Id__c", leads(2))

    request = rsps.calls[1].request
    assert request.method == "PATCH"
    assert request.url == UPSERT_URL
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body or "") == {
        "allOrNone": False,
        "records": [
            {
                "attributes": {"type": "Lead"},
                "Vendor_Record_Id__c": "L-0",
                "LastName": "Name 0",
                "Company": "Acme",
            },
            {
                "attributes": {"type": "Lead"},
                "Vendor_Record_Id__c": "L-1",
                "LastName": "Name 1",
                "Company": "Acme",
            },
        ],
    }


def test_upsert_many_leaves_the_callers_records_untouched(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(UPSERT_URL, json=created(1))
    records = leads(1)

    client.upsert_many("Lead", "Vendor_Record_Id__c", records)

    assert records == leads(1)


def test_450_records_go_out_in_3_requests_of_at_most_200_plus_one_token(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(UPSERT_URL, json=created(200))
    rsps.patch(UPSERT_URL, json=created(200, start=200))
    rsps.patch(UPSERT_URL, json=created(50, start=400))

    results = client.upsert_many("Lead", "Vendor_Record_Id__c", leads(450))

    sizes = [len(json.loads(call.request.body or "")["records"]) for call in rsps.calls[1:]]
    assert sizes == [200, 200, 50]
    firsts = [json.loads(call.request.body or "")["records"][0] for call in rsps.calls[1:]]
    assert [first["Vendor_Record_Id__c"] for first in firsts] == ["L-0", "L-200", "L-400"]
    assert client.requests_made == 4
    assert [result.id for result in results] == [f"00Q5g00000A{n:07d}" for n in range(450)]


def test_per_record_results_keep_input_order_with_ids_created_flags_and_errors(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(
        UPSERT_URL,
        json=[
            {"id": "00Q5g00000A0000001", "success": True, "errors": [], "created": True},
            {
                "success": False,
                "errors": [
                    {
                        "statusCode": "REQUIRED_FIELD_MISSING",
                        "message": "Required fields are missing: [Company]",
                        "fields": ["Company"],
                    }
                ],
            },
            {"id": "00Q5g00000A0000003", "success": True, "errors": [], "created": False},
            {
                "success": False,
                "errors": [
                    {
                        "statusCode": "UNABLE_TO_LOCK_ROW",
                        "message": "unable to obtain exclusive access to this record",
                        "fields": [],
                    }
                ],
            },
        ],
    )

    results = client.upsert_many("Lead", "Vendor_Record_Id__c", leads(4))

    assert results == [
        RecordResult(ok=True, id="00Q5g00000A0000001", created=True, errors=[]),
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
        RecordResult(ok=True, id="00Q5g00000A0000003", created=False, errors=[]),
        RecordResult(
            ok=False,
            id=None,
            created=False,
            errors=[
                RecordError(
                    "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", []
                )
            ],
        ),
    ]
    assert [result.transient for result in results] == [False, False, False, True]


def test_a_record_failing_for_a_lock_and_a_field_error_is_not_transient() -> None:
    result = RecordResult(
        ok=False,
        id=None,
        created=False,
        errors=[
            RecordError("UNABLE_TO_LOCK_ROW", "locked", []),
            RecordError("STRING_TOO_LONG", "too long", ["Title"]),
        ],
    )

    assert result.transient is False


def test_dates_decimals_and_datetimes_are_sent_as_salesforce_reads_them(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(f"{DATA}composite/sobjects/Opportunity/Vendor_Record_Id__c", json=created(1))
    record = {
        "Vendor_Record_Id__c": "O-1",
        "CloseDate": dt.date(2026, 3, 31),
        "Amount": Decimal("1250.50"),
        "Last_Seen__c": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        "Description": None,
    }

    client.upsert_many("Opportunity", "Vendor_Record_Id__c", [record])

    sent = json.loads(rsps.calls[1].request.body or "")["records"][0]
    assert sent["CloseDate"] == "2026-03-31"
    assert sent["Amount"] == 1250.5
    assert sent["Last_Seen__c"] == "2026-01-02T03:04:05Z"
    assert sent["Description"] is None


def test_an_answer_with_the_wrong_number_of_results_is_refused(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    from salesforce import SalesforceCallFailed

    token_ok(rsps)
    rsps.patch(UPSERT_URL, json=created(1))

    with pytest.raises(SalesforceCallFailed) as raised:
        client.upsert_many("Lead", "Vendor_Record_Id__c", leads(2))

    assert raised.value.error_code == "INVALID_RESPONSE"


def test_no_records_sends_nothing(client: SalesforceClient) -> None:
    with responses.RequestsMock():
        assert client.upsert_many("Lead", "Vendor_Record_Id__c", []) == []
        assert client.update_many("Lead", []) == []
    assert client.requests_made == 0


def test_update_many_patches_the_collection_by_id(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.patch(
        UPDATE_URL,
        json=[
            {"id": "a0X5g00000B0000001", "success": True, "errors": []},
            {
                "id": "a0X5g00000B0000002",
                "success": False,
                "errors": [
                    {
                        "statusCode": "ENTITY_IS_DELETED",
                        "message": "entity is deleted",
                        "fields": [],
                    }
                ],
            },
        ],
    )

    results = client.update_many(
        "Connected_External_Lead__c",
        [
            {"Id": "a0X5g00000B0000001", "Status__c": "Working"},
            {"Id": "a0X5g00000B0000002", "Status__c": "Closed"},
        ],
    )

    assert json.loads(rsps.calls[1].request.body or "") == {
        "allOrNone": False,
        "records": [
            {
                "attributes": {"type": "Connected_External_Lead__c"},
                "Id": "a0X5g00000B0000001",
                "Status__c": "Working",
            },
            {
                "attributes": {"type": "Connected_External_Lead__c"},
                "Id": "a0X5g00000B0000002",
                "Status__c": "Closed",
            },
        ],
    }
    assert [(result.ok, result.id) for result in results] == [
        (True, "a0X5g00000B0000001"),
        (False, "a0X5g00000B0000002"),
    ]
    assert results[1].errors[0].status_code == "ENTITY_IS_DELETED"


def test_update_many_refuses_a_record_without_id(client: SalesforceClient) -> None:
    with responses.RequestsMock(), pytest.raises(ValueError, match="Id"):
        client.update_many("Lead", [{"Status": "Working"}])
    assert client.requests_made == 0


@pytest.mark.parametrize(
    ("sobject", "field"), [("Lead/../x", "Vendor_Record_Id__c"), ("Lead", "Ext Id")]
)
def test_names_that_are_not_api_names_are_refused_before_sending(
    client: SalesforceClient, sobject: str, field: str
) -> None:
    with responses.RequestsMock(), pytest.raises(ValueError, match="API name"):
        client.upsert_many(sobject, field, leads(1))
    assert client.requests_made == 0
