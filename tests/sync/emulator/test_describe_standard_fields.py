"""Describe reports the read-only and compound standard fields a real org has, with every key
of Salesforce's DescribeFieldResult; writing them is refused, and the platform computes them."""

from __future__ import annotations

from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest

from tests.sync.emulator.client import EXT, describe_all, first_error, rest, sobject, upsert_many

DESCRIBE_FIELD_KEYS = {
    "aggregatable", "aiPredictionField", "autoNumber", "byteLength", "calculated",
    "calculatedFormula", "cascadeDelete", "caseSensitive", "compoundFieldName", "controllerName",
    "createable", "custom", "defaultValue", "defaultValueFormula", "defaultedOnCreate",
    "dependentPicklist", "deprecatedAndHidden", "digits", "displayLocationInDecimal",
    "encrypted", "externalId", "extraTypeInfo", "filterable", "filteredLookupInfo",
    "formulaTreatNullNumberAsZero", "groupable", "highScaleNumber", "htmlFormatted",
    "idLookup", "inlineHelpText", "label", "length", "mask", "maskType", "name", "nameField",
    "namePointing", "nillable", "permissionable", "picklistValues", "polymorphicForeignKey",
    "precision", "queryByDistance", "referenceTargetField", "referenceTo", "relationshipName",
    "relationshipOrder", "restrictedDelete", "restrictedPicklist", "scale",
    "searchPrefilterable", "soapType", "sortable", "type", "unique", "updateable",
    "writeRequiresMasterRead",
}  # fmt: skip
OBJECTS = (
    "Lead",
    "Opportunity",
    "Account",
    "Contact",
    "User",
    "Group",
    "Connected_External_Lead__c",
    "Connected_External_Opportunity__c",
)
READ_ONLY_MESSAGE = (
    "Unable to create/update fields: {}. Please check the security settings of this field and "
    "verify that it is read/write for your profile or permission set."
)


def _fields(sf: Salesforce, name: str) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in sobject(sf, name).describe()["fields"]}


def _access(field: dict[str, Any]) -> tuple[bool, bool]:
    return field["createable"], field["updateable"]


@pytest.mark.parametrize("name", OBJECTS)
def test_every_field_carries_every_describe_key(sf: Salesforce, name: str) -> None:
    for field in _fields(sf, name).values():
        assert set(field) == DESCRIBE_FIELD_KEYS, field["name"]


def test_global_describe_lists_contact(sf: Salesforce) -> None:
    prefixes = {item["name"]: item["keyPrefix"] for item in describe_all(sf)["sobjects"]}
    assert prefixes["Contact"] == "003"


def test_lead_name_is_a_read_only_compound_of_salutation_first_and_last_name(
    sf: Salesforce,
) -> None:
    fields = _fields(sf, "Lead")

    name = fields["Name"]
    assert (name["type"], name["length"], name["nillable"]) == ("string", 121, False)
    assert _access(name) == (False, False)
    assert (name["nameField"], name["idLookup"], name["extraTypeInfo"]) == (
        True,
        True,
        "personname",
    )
    assert [n for n, f in fields.items() if f["compoundFieldName"] == "Name"] == [
        "Salutation",
        "FirstName",
        "LastName",
    ]
    assert _access(fields["LastName"]) == (True, True)


@pytest.mark.parametrize(
    ("obj", "compound", "prefix"),
    [
        ("Lead", "Address", ""),
        ("Account", "BillingAddress", "Billing"),
        ("Account", "ShippingAddress", "Shipping"),
        ("Contact", "MailingAddress", "Mailing"),
        ("Contact", "OtherAddress", "Other"),
    ],
)
def test_addresses_are_read_only_compounds_of_writable_components(
    sf: Salesforce, obj: str, compound: str, prefix: str
) -> None:
    fields = _fields(sf, obj)

    address = fields[compound]
    assert (address["type"], address["soapType"], address["length"]) == (
        "address",
        "urn:address",
        0,
    )
    assert _access(address) == (False, False)
    assert (address["sortable"], address["groupable"], address["queryByDistance"]) == (
        False,
        False,
        True,
    )
    parts = [n for n, f in fields.items() if f["compoundFieldName"] == compound]
    assert parts == [
        f"{prefix}{part}"
        for part in (
            "Street", "City", "State", "PostalCode", "Country", "Latitude", "Longitude",
            "GeocodeAccuracy",
        )
    ]  # fmt: skip
    assert all(_access(fields[part]) == (True, True) for part in parts)


def test_lead_reports_its_read_only_standard_fields(sf: Salesforce) -> None:
    fields = _fields(sf, "Lead")

    for name in (
        "ConvertedDate", "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId",
        "LastActivityDate", "LastViewedDate", "LastReferencedDate", "PhotoUrl", "MasterRecordId",
        "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
        "SystemModstamp",
    ):  # fmt: skip
        assert _access(fields[name]) == (False, False), name
    converted = fields["IsConverted"]
    assert (converted["type"], converted["nillable"], converted["defaultedOnCreate"]) == (
        "boolean",
        False,
        True,
    )
    assert _access(converted) == (True, False)
    assert fields["MasterRecordId"]["referenceTo"] == ["Lead"]
    assert fields["MasterRecordId"]["relationshipName"] == "MasterRecord"
    assert fields["PhotoUrl"]["extraTypeInfo"] == "imageurl"
    assert fields["OwnerId"]["polymorphicForeignKey"] is True
    assert fields["Description"]["filterable"] is False


def test_opportunity_reports_its_calculated_and_read_only_fields(sf: Salesforce) -> None:
    fields = _fields(sf, "Opportunity")

    for name in ("IsClosed", "IsWon", "ForecastCategory", "FiscalQuarter", "FiscalYear"):
        assert _access(fields[name]) == (False, False), name
    expected = fields["ExpectedRevenue"]
    assert (expected["type"], expected["calculated"], _access(expected)) == (
        "currency",
        True,
        (False, False),
    )
    assert (fields["FiscalYear"]["type"], fields["FiscalYear"]["digits"]) == ("int", 11)
    assert _access(fields["ForecastCategoryName"]) == (True, True)
    assert fields["Name"]["nameField"] is True


def test_contact_and_account_report_their_name_fields(sf: Salesforce) -> None:
    contact, account = _fields(sf, "Contact"), _fields(sf, "Account")

    assert _access(contact["Name"]) == (False, False)
    assert contact["LastName"]["compoundFieldName"] == "Name"
    assert (account["Name"]["nameField"], _access(account["Name"])) == (True, (True, True))


@pytest.mark.parametrize(
    ("obj", "values", "refused"),
    [
        ("Lead", {"Name": "Jane Doe"}, "Name"),
        ("Lead", {"Address": {"city": "Paris"}}, "Address"),
        ("Lead", {"ConvertedDate": "2026-01-01", "PhotoUrl": "https://x.test/p.png"}, None),
        ("Opportunity", {"ExpectedRevenue": 10, "IsWon": True}, "ExpectedRevenue, IsWon"),
    ],
)
def test_writing_a_read_only_or_compound_field_is_refused(
    sf: Salesforce, obj: str, values: dict[str, Any], refused: str | None
) -> None:
    required = {
        "Lead": {"LastName": "Doe", "Company": "Acme"},
        "Opportunity": {"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2026-06-30"},
    }[obj]
    names = refused or ", ".join(values)

    with pytest.raises(SalesforceMalformedRequest) as error:
        sobject(sf, obj).create({**required, **values})

    assert first_error(error.value) == {
        "message": READ_ONLY_MESSAGE.format(names),
        "errorCode": "INVALID_FIELD_FOR_INSERT_UPDATE",
        "fields": names.split(", "),
    }


def test_a_create_only_field_is_refused_when_an_upsert_updates(sf: Salesforce) -> None:
    record = {"attributes": {"type": "Lead"}, EXT: "C-1", "LastName": "Doe", "Company": "Acme"}

    created = upsert_many(sf, [{**record, "IsConverted": False}])
    updated = upsert_many(sf, [{**record, "IsConverted": False}])

    assert created[0]["success"] is True
    assert updated[0]["errors"] == [
        {
            "statusCode": "INVALID_FIELD_FOR_INSERT_UPDATE",
            "message": READ_ONLY_MESSAGE.format("IsConverted"),
            "fields": ["IsConverted"],
        }
    ]


def test_the_platform_computes_name_address_and_opportunity_fields(sf: Salesforce) -> None:
    lead_id = sobject(sf, "Lead").create(
        {"FirstName": "Jane", "LastName": "Doe", "Company": "Acme", "City": "Paris"}
    )["id"]
    opportunity = sobject(sf, "Opportunity")
    deal_id = opportunity.create(
        {"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2026-08-15", "Amount": 1000}
    )["id"]
    opportunity.update(deal_id, {"StageName": "Closed Won", "Probability": 40})

    lead = sobject(sf, "Lead").get(lead_id)
    deal = opportunity.get(deal_id)
    assert (lead["Name"], lead["IsConverted"]) == ("Jane Doe", False)
    assert list(lead["Address"].items()) == [
        ("city", "Paris"),
        ("country", None),
        ("countryCode", None),
        ("geocodeAccuracy", None),
        ("latitude", None),
        ("longitude", None),
        ("postalCode", None),
        ("state", None),
        ("stateCode", None),
        ("street", None),
    ]
    assert {k: deal[k] for k in ("IsClosed", "IsWon", "ForecastCategory", "ExpectedRevenue")} == {
        "IsClosed": True,
        "IsWon": True,
        "ForecastCategory": "Closed",
        "ExpectedRevenue": 400.0,
    }
    assert (deal["FiscalYear"], deal["FiscalQuarter"], deal["Fiscal"]) == (2026, 3, "2026 3")


def test_soql_selects_compound_fields_but_cannot_filter_or_sort_where_describe_says_not(
    sf: Salesforce,
) -> None:
    sobject(sf, "Lead").create({"FirstName": "Jo", "LastName": "Roe", "Company": "A", "City": "X"})

    [row] = sf.query("SELECT Name, Address FROM Lead")["records"]
    assert (row["Name"], row["Address"]["city"]) == ("Jo Roe", "X")
    with pytest.raises(SalesforceMalformedRequest) as not_filtered:
        sf.query("SELECT Id FROM Lead WHERE Description = 'x'")
    with pytest.raises(SalesforceMalformedRequest) as not_sorted:
        sf.query("SELECT Id FROM Lead ORDER BY Address")
    assert first_error(not_filtered.value) == {
        "message": "field 'Description' can not be filtered in a query call",
        "errorCode": "INVALID_FIELD",
    }
    assert first_error(not_sorted.value)["message"] == (
        "field 'Address' can not be sorted in a query call"
    )


def test_the_basic_object_info_and_describe_carry_salesforce_keys(sf: Salesforce) -> None:
    described = rest(sf, "sobjects/Lead/describe")

    for key in ("mergeable", "triggerable", "undeletable", "replicateable", "supportedScopes"):
        assert key in described
    assert described["mergeable"] is True


def test_forecast_category_follows_the_stage_unless_the_same_write_sets_it(
    sf: Salesforce,
) -> None:
    opportunity = sobject(sf, "Opportunity")
    deal_id = opportunity.create(
        {"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2026-08-15"}
    )["id"]
    created = opportunity.get(deal_id)
    opportunity.update(deal_id, {"StageName": "Closed Won"})
    won = opportunity.get(deal_id)
    opportunity.update(
        deal_id, {"StageName": "Negotiation/Review", "ForecastCategoryName": "Commit"}
    )
    committed = opportunity.get(deal_id)
    opportunity.update(deal_id, {"NextStep": "Call"})
    unchanged = opportunity.get(deal_id)

    assert [
        (r["ForecastCategoryName"], r["ForecastCategory"])
        for r in (created, won, committed, unchanged)
    ] == [
        ("Pipeline", "Pipeline"),
        ("Closed", "Closed"),
        ("Commit", "Forecast"),
        ("Commit", "Forecast"),
    ]


def test_probability_takes_the_stage_default_unless_the_same_write_sets_it(
    sf: Salesforce,
) -> None:
    opportunity = sobject(sf, "Opportunity")
    deal_id = opportunity.create(
        {"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2026-08-15"}
    )["id"]
    seen = [opportunity.get(deal_id)["Probability"]]
    for change in (
        {"StageName": "Negotiation/Review"},
        {"StageName": "Perception Analysis", "Probability": 35},
        {"NextStep": "Call"},
        {"StageName": "Closed Lost"},
    ):
        opportunity.update(deal_id, change)
        seen.append(opportunity.get(deal_id)["Probability"])

    assert seen == [10.0, 90.0, 35.0, 35.0, 0.0]
