"""Schema enforcement, answered as Salesforce does: per record in collections, else per request."""

from __future__ import annotations

from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest

from emulator.control import org_faults_set, org_records
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, first_error, lead, sobject, upsert_many


def _only_error(sf: Salesforce, **values: Any) -> dict[str, Any]:
    [result] = upsert_many(sf, [lead("L-1", **values)])
    assert result["success"] is False
    [error] = result["errors"]
    return dict(error)


@pytest.mark.parametrize(
    ("values", "code", "message"),
    [
        (
            {"CreatedDate": "2020-01-01T00:00:00Z"},
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            "Unable to create/update fields: CreatedDate. Please check the security settings of "
            "this field and verify that it is read/write for your profile or permission set.",
        ),
        (
            {"NumberOfEmployees": "many"},
            "INVALID_TYPE_ON_FIELD_IN_RECORD",
            "Employees: value not of required type: many",
        ),
        (
            {"NumberOfEmployees": 2.5},
            "INVALID_TYPE_ON_FIELD_IN_RECORD",
            "Employees: value not of required type: 2.5",
        ),
        (
            {"AnnualRevenue": "lots"},
            "INVALID_TYPE_ON_FIELD_IN_RECORD",
            "Annual Revenue: value not of required type: lots",
        ),
        (
            {"AnnualRevenue": 1e19},
            "NUMBER_OUTSIDE_VALID_RANGE",
            "Annual Revenue: value outside of valid range on numeric field: 1e+19",
        ),
        (
            {"Email": "someone(at)example.com"},
            "INVALID_EMAIL_ADDRESS",
            "Email: invalid email address: someone(at)example.com",
        ),
        (
            {"Title": "x" * 129},
            "STRING_TOO_LONG",
            f"Title: data value too large: {'x' * 129} (max length=128)",
        ),
        (
            {"Status": "Maybe"},
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "Status: bad value for restricted picklist field: Maybe",
        ),
        ({"OwnerId": "nobody"}, "MALFORMED_ID", "Owner ID: id value of incorrect type: nobody"),
    ],
    ids=[
        "read-only",
        "text-in-int",
        "fraction-in-int",
        "text-in-currency",
        "out-of-range",
        "bad-email",
        "too-long",
        "restricted-picklist",
        "malformed-owner",
    ],
)
def test_a_bad_value_fails_its_record_with_salesforces_code(
    sf: Salesforce, emulated_org: EmulatedOrg, values: dict[str, Any], code: str, message: str
) -> None:
    error = _only_error(sf, **values)

    assert error == {"statusCode": code, "message": message, "fields": [next(iter(values))]}
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


def test_text_in_a_date_field_is_the_wrong_type(sf: Salesforce) -> None:
    records = [
        {
            "attributes": {"type": "Opportunity"},
            EXT: "O-1",
            "Name": "Deal",
            "StageName": "Prospecting",
            "CloseDate": "31/12/2026",
        }
    ]

    [result] = upsert_many(sf, records, sobject="Opportunity")

    assert result["errors"] == [
        {
            "statusCode": "INVALID_TYPE_ON_FIELD_IN_RECORD",
            "message": "Close Date: value not of required type: 31/12/2026",
            "fields": ["CloseDate"],
        }
    ]


def test_missing_required_fields_are_listed_on_create(sf: Salesforce) -> None:
    records = [{"attributes": {"type": "Opportunity"}, EXT: "O-1", "Amount": 10}]

    [result] = upsert_many(sf, records, sobject="Opportunity")

    assert result["errors"] == [
        {
            "statusCode": "REQUIRED_FIELD_MISSING",
            "message": "Required fields are missing: [Name, StageName, CloseDate]",
            "fields": ["Name", "StageName", "CloseDate"],
        }
    ]


def test_clearing_a_required_field_on_update_is_refused(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-1")])

    error = _only_error(sf, Company=None)

    assert error["statusCode"] == "REQUIRED_FIELD_MISSING"
    assert error["fields"] == ["Company"]
    [stored] = org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    assert stored["Company"] == "Company L-1"


def test_an_unknown_field_refuses_the_whole_collection_request(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        upsert_many(sf, [lead("L-1"), lead("L-2", Shoe_Size__c=44)])

    assert refused.value.content == [
        {
            "message": "No such column 'Shoe_Size__c' on sobject of type Lead",
            "errorCode": "INVALID_FIELD",
        }
    ]
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


def test_owner_must_be_an_active_user_or_a_queue_the_object_allows(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    account_id = sobject(sf, "Account").create({"Name": "Globex"})["id"]
    opportunity = {
        "attributes": {"type": "Opportunity"},
        EXT: "O-1",
        "Name": "Deal",
        "StageName": "Prospecting",
        "CloseDate": "2026-06-30",
        "OwnerId": emulated_org.queue_id,
    }

    not_a_user = _only_error(sf, OwnerId=account_id)
    inactive = _only_error(sf, OwnerId=emulated_org.inactive_user_id)
    [queue_on_opportunity] = upsert_many(sf, [opportunity], sobject="Opportunity")
    [queue_on_lead, user_on_lead] = upsert_many(
        sf,
        [lead("L-2", OwnerId=emulated_org.queue_id), lead("L-3", OwnerId=emulated_org.user_ids[0])],
    )

    assert not_a_user == {
        "statusCode": "INVALID_CROSS_REFERENCE_KEY",
        "message": "invalid cross reference id",
        "fields": ["OwnerId"],
    }
    assert inactive["statusCode"] == "INACTIVE_OWNER_OR_USER"
    assert queue_on_opportunity["errors"][0]["statusCode"] == "INVALID_CROSS_REFERENCE_KEY"
    assert (queue_on_lead["success"], user_on_lead["success"]) == (True, True)
    owners = {
        record[EXT]: record["OwnerId"]
        for record in org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    }
    assert owners == {"L-2": emulated_org.queue_id, "L-3": emulated_org.user_ids[0]}


def test_a_duplicate_rule_on_email_blocks_a_second_lead_but_not_its_own_update(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(
        emulated_org.base_url, host=emulated_org.host, duplicate_rules={"Lead": ["Email"]}
    )
    [first] = upsert_many(sf, [lead("L-1", Email="pat@example.com")])

    [duplicate, own_update] = upsert_many(
        sf,
        [lead("L-2", Email="PAT@example.com"), lead("L-1", Email="pat@example.com", Title="CTO")],
    )

    assert duplicate["errors"][0]["statusCode"] == "DUPLICATES_DETECTED"
    assert duplicate["errors"][0]["message"] == "Use one of these records?"
    match = duplicate["errors"][0]["duplicateResult"]["matchResults"][0]
    assert [item["record"]["Id"] for item in match["matchRecords"]] == [first["id"]]
    assert own_update["success"] is True
    assert len(org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")) == 1


def test_a_unique_external_id_cannot_be_taken_twice_through_update(sf: Salesforce) -> None:
    upsert_many(sf, [lead("L-1"), lead("L-2")])
    second = sobject(sf, "Lead").get_by_custom_id(EXT, "L-2")

    with pytest.raises(SalesforceMalformedRequest) as refused:
        sobject(sf, "Lead").update(second["Id"], {EXT: "L-1"})

    assert first_error(refused.value)["errorCode"] == "DUPLICATE_VALUE"
    assert first_error(refused.value)["fields"] == [EXT]


def test_a_single_record_write_answers_its_errors_as_the_request_error_list(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sobject(sf, "Lead").create({"LastName": "Doe", "Company": "Acme", "Email": "nope"})

    assert refused.value.content == [
        {
            "message": "Email: invalid email address: nope",
            "errorCode": "INVALID_EMAIL_ADDRESS",
            "fields": ["Email"],
        }
    ]


def test_values_are_stored_in_their_api_form(sf: Salesforce) -> None:
    upsert_many(sf, [lead("L-1", AnnualRevenue="2500000", NumberOfEmployees="120", Phone=5551234)])
    opportunity = {
        "attributes": {"type": "Opportunity"},
        EXT: "O-1",
        "Name": "Deal",
        "StageName": "Prospecting",
        "CloseDate": "2026-06-30",
        "Probability": 40,
    }
    upsert_many(sf, [opportunity], sobject="Opportunity")

    stored = sobject(sf, "Lead").get_by_custom_id(EXT, "L-1")
    deal = sobject(sf, "Opportunity").get_by_custom_id(EXT, "O-1")

    assert (stored["AnnualRevenue"], stored["NumberOfEmployees"], stored["Phone"]) == (
        2500000.0,
        120,
        "5551234",
    )
    assert deal["Probability"] == 40.0
    assert deal["CloseDate"] == "2026-06-30"
    assert deal["SystemModstamp"].endswith("+0000")
