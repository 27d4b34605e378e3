"""Writes: single-record CRUD and upsert, sObject Collections create, update and upsert."""

from __future__ import annotations

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from emulator.control import org_records
from emulator.ids import id_make
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import (
    EXT,
    first_error,
    lead,
    rest,
    sobject,
    upsert_many,
    upsert_raw,
)


def test_upsert_by_external_id_creates_then_updates_the_same_record(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    created = upsert_raw(sf, "Lead", "L-1", {"LastName": "Doe", "Company": "Acme"})
    first = sobject(sf, "Lead").get_by_custom_id(EXT, "L-1")
    updated = upsert_raw(sf, "Lead", "L-1", {"LastName": "Dough", "Company": "Acme"})
    second = sobject(sf, "Lead").get_by_custom_id(EXT, "L-1")

    assert (created.status_code, created.json()["created"]) == (201, True)
    assert (updated.status_code, updated.json()["created"]) == (200, False)
    assert created.json()["id"] == updated.json()["id"] == second["Id"]
    assert len(org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")) == 1
    assert second["LastName"] == "Dough"
    assert second["CreatedDate"] == first["CreatedDate"]
    assert second["SystemModstamp"] > first["SystemModstamp"]
    assert second["LastModifiedById"] == emulated_org.integration_user_id
    assert second["OwnerId"] == emulated_org.integration_user_id
    assert second["Status"] == "Open - Not Contacted"


def test_external_ids_match_case_insensitively(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    sobject(sf, "Lead").upsert(f"{EXT}/lead-abc", {"LastName": "Doe", "Company": "Acme"})
    sobject(sf, "Lead").upsert(f"{EXT}/LEAD-ABC", {"Title": "CEO"})

    [record] = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert (record[EXT], record["Title"]) == ("lead-abc", "CEO")


def test_collections_upsert_of_200_answers_per_record_in_order(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    records = [lead(f"L-{n}") for n in range(200)]
    records[7]["Email"] = "not-an-email"
    records[42]["LastName"] = None
    records[199]["Status"] = "Maybe"

    results = upsert_many(sf, records)

    failed = {
        n: result["errors"][0]["statusCode"]
        for n, result in enumerate(results)
        if not result["success"]
    }
    assert failed == {
        7: "INVALID_EMAIL_ADDRESS",
        42: "REQUIRED_FIELD_MISSING",
        199: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
    }
    assert all(result["created"] for n, result in enumerate(results) if n not in failed)
    stored = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert [record[EXT] for record in stored] == [f"L-{n}" for n in range(200) if n not in failed]
    assert [record["Id"] for record in stored] == [
        result["id"] for result in results if result["success"]
    ]


def test_collections_upsert_again_updates_without_duplicates(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    first = upsert_many(sf, [lead(f"L-{n}") for n in range(50)])
    again = upsert_many(sf, [lead(f"L-{n}", Title="Director") for n in range(50)])

    assert [result["created"] for result in again] == [False] * 50
    assert [result["id"] for result in again] == [result["id"] for result in first]
    stored = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert len(stored) == 50
    assert {record["Title"] for record in stored} == {"Director"}


def test_more_than_200_records_are_refused_whole(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        upsert_many(sf, [lead(f"L-{n}") for n in range(201)])

    assert refused.value.content == [
        {
            "message": "record limit reached. cannot submit more than 200 records into this call",
            "errorCode": "EXCEEDED_ID_LIMIT",
        }
    ]
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


def test_all_or_none_rolls_every_record_back_when_one_fails(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-0", Title="Before")])

    results = upsert_many(
        sf, [lead("L-0", Title="After"), lead("L-1", Email="bad"), lead("L-2")], all_or_none=True
    )

    assert [result["success"] for result in results] == [False, False, False]
    assert [result["errors"][0]["statusCode"] for result in results] == [
        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
        "INVALID_EMAIL_ADDRESS",
        "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    ]
    [stored] = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert (stored[EXT], stored["Title"]) == ("L-0", "Before")
    assert sobject(sf, "Lead").get_by_custom_id(EXT, "L-0")["Title"] == "Before"


def test_one_external_id_twice_in_a_request_fails_both(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    results = upsert_many(sf, [lead("L-1"), lead("l-1"), lead("L-2")])

    assert [result["success"] for result in results] == [False, False, True]
    assert results[0]["errors"][0] == {
        "statusCode": "DUPLICATE_EXTERNAL_ID",
        "message": "Duplicate external id specified: L-1",
        "fields": [],
    }


def test_a_record_without_its_external_id_is_missing_an_argument(sf: Salesforce) -> None:
    record = lead("L-1")
    del record[EXT]

    [result] = upsert_many(sf, [record])

    assert result["errors"][0]["statusCode"] == "MISSING_ARGUMENT"


def test_collections_records_need_their_type(sf: Salesforce) -> None:
    record = lead("L-1")
    del record["attributes"]

    with pytest.raises(SalesforceMalformedRequest) as refused:
        upsert_many(sf, [record])

    assert first_error(refused.value)["errorCode"] == "INVALID_TYPE"


def test_upsert_on_a_field_that_is_not_an_external_id_is_refused(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        rest(sf, "composite/sobjects/Lead/Email", method="PATCH", json={"records": [lead("L-1")]})

    assert first_error(refused.value)["errorCode"] == "INVALID_FIELD"


def test_collections_create_and_update_by_id(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    created = rest(
        sf,
        "composite/sobjects",
        method="POST",
        json={"records": [{"attributes": {"type": "Account"}, "Name": "Globex"}, lead("L-1")]},
    )
    updated = rest(
        sf,
        "composite/sobjects",
        method="PATCH",
        json={
            "records": [
                {"attributes": {"type": "Account"}, "Id": created[0]["id"], "Name": "Globex Corp"},
                {
                    "attributes": {"type": "Lead"},
                    "Id": id_make("00Q", pod=999, number=1),
                    "Title": "CEO",
                },
                {"attributes": {"type": "Lead"}, "Title": "CEO"},
            ]
        },
    )

    assert [result["success"] for result in created] == [True, True]
    assert updated[0] == {"id": created[0]["id"], "success": True, "errors": []}
    assert updated[1]["errors"][0]["statusCode"] == "INVALID_CROSS_REFERENCE_KEY"
    assert updated[2]["errors"][0]["statusCode"] == "MISSING_ARGUMENT"
    [account] = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Account")
    assert account["Name"] == "Globex Corp"


def test_single_record_create_get_update_and_delete(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    created = sobject(sf, "Opportunity").create(
        {
            "Name": "Deal",
            "StageName": "Prospecting",
            "CloseDate": "2026-06-30",
            "Amount": "1200.456",
        }
    )
    record_id = created["id"]

    assert created == {"id": record_id, "success": True, "errors": []}
    assert sobject(sf, "Opportunity").update(record_id, {"StageName": "Closed Won"}) == 204
    fetched = sobject(sf, "Opportunity").get(record_id)
    assert (fetched["StageName"], fetched["Amount"], fetched["CloseDate"]) == (
        "Closed Won",
        1200.46,
        "2026-06-30",
    )
    assert sobject(sf, "Opportunity").delete(record_id) == 204
    with pytest.raises(SalesforceResourceNotFound) as gone:
        sobject(sf, "Opportunity").get(record_id)
    assert gone.value.content == [
        {"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED"}
    ]
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Opportunity") == []


def test_getting_an_unknown_record_answers_not_found(sf: Salesforce) -> None:
    with pytest.raises(SalesforceResourceNotFound) as missing:
        sobject(sf, "Lead").get(id_make("00Q", pod=999, number=1))

    assert missing.value.content == [
        {"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}
    ]
