"""Describe: the default schema in Salesforce's shape, and orgs created with less of it."""

from __future__ import annotations

from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceResourceNotFound

from emulator.schema import schema_without
from tests.helpers.orgs import OrgFactory
from tests.sync.emulator.client import EXT, describe_all, sf_connect, sobject


def _fields(sf: Salesforce, name: str) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in sobject(sf, name).describe()["fields"]}


def test_lead_describe_reports_types_lengths_and_constraints(sf: Salesforce) -> None:
    fields = _fields(sf, "Lead")

    assert (fields["LastName"]["type"], fields["LastName"]["nillable"]) == ("string", False)
    assert (fields["Company"]["length"], fields["Company"]["createable"]) == (255, True)
    assert fields["Email"]["type"] == "email"
    assert fields["Phone"]["type"] == "phone"
    assert fields["Website"]["type"] == "url"
    assert fields["Description"]["type"] == "textarea"
    assert fields["Description"]["length"] == 32000
    assert (fields["AnnualRevenue"]["type"], fields["AnnualRevenue"]["precision"]) == (
        "currency",
        18,
    )
    assert (fields["NumberOfEmployees"]["type"], fields["NumberOfEmployees"]["digits"]) == (
        "int",
        8,
    )
    assert fields["OwnerId"]["referenceTo"] == ["Group", "User"]
    assert fields["OwnerId"]["defaultedOnCreate"] is True


def test_lead_status_is_a_required_restricted_picklist_with_a_default(sf: Salesforce) -> None:
    status = _fields(sf, "Lead")["Status"]

    assert status["type"] == "picklist"
    assert status["nillable"] is False
    assert status["defaultedOnCreate"] is True
    assert status["restrictedPicklist"] is True
    assert [value["value"] for value in status["picklistValues"]] == [
        "Open - Not Contacted",
        "Working - Contacted",
        "Closed - Converted",
        "Closed - Not Converted",
    ]
    assert [value["defaultValue"] for value in status["picklistValues"]] == [
        True,
        False,
        False,
        False,
    ]


def test_vendor_record_id_is_a_unique_external_id(sf: Salesforce) -> None:
    field = _fields(sf, "Lead")[EXT]

    assert field["type"] == "string"
    assert field["length"] == 40
    assert (field["externalId"], field["unique"], field["idLookup"]) == (True, True, True)


def test_system_fields_are_read_only(sf: Salesforce) -> None:
    fields = _fields(sf, "Opportunity")

    for name in (
        "Id",
        "CreatedDate",
        "LastModifiedDate",
        "LastModifiedById",
        "SystemModstamp",
        "IsDeleted",
    ):
        assert (fields[name]["createable"], fields[name]["updateable"]) == (False, False), name


def test_opportunity_describe_marks_its_required_fields(sf: Salesforce) -> None:
    fields = _fields(sf, "Opportunity")

    assert {
        name
        for name, item in fields.items()
        if not item["nillable"] and item["createable"] and not item["defaultedOnCreate"]
    } == {"Name", "CloseDate", "StageName"}
    assert fields["CloseDate"]["type"] == "date"
    assert fields["Probability"]["type"] == "percent"
    assert (fields["Amount"]["type"], fields["Amount"]["scale"]) == ("currency", 2)
    assert fields["AccountId"]["referenceTo"] == ["Account"]
    assert fields["OwnerId"]["referenceTo"] == ["User"]


def test_connected_external_objects_carry_the_peer_fields(sf: Salesforce) -> None:
    lead_fields = _fields(sf, "Connected_External_Lead__c")
    opportunity_fields = _fields(sf, "Connected_External_Opportunity__c")

    assert lead_fields["Lead__c"]["referenceTo"] == ["Lead"]
    assert lead_fields[EXT]["externalId"] is True
    assert {"Status__c", "Rating__c", "Email__c", "Phone__c", "Title__c"} <= set(lead_fields)
    assert lead_fields["Email__c"]["type"] == "email"
    assert opportunity_fields["Opportunity__c"]["referenceTo"] == ["Opportunity"]
    assert opportunity_fields["CloseDate__c"]["type"] == "date"
    assert {"StageName__c", "Amount__c", "NextStep__c", "Probability__c"} <= set(opportunity_fields)


def test_global_describe_lists_every_object_with_its_key_prefix(sf: Salesforce) -> None:
    prefixes = {item["name"]: item["keyPrefix"] for item in describe_all(sf)["sobjects"]}

    assert prefixes["Lead"] == "00Q"
    assert prefixes["Opportunity"] == "006"
    assert prefixes["Connected_External_Lead__c"] == "a0X"
    assert prefixes["Connected_External_Opportunity__c"] == "a0Y"


def test_an_org_without_the_external_id_field_describes_and_refuses_accordingly(
    emulated_org_factory: OrgFactory,
) -> None:
    sf = sf_connect(emulated_org_factory(schema=schema_without("Lead", EXT)))

    assert EXT not in _fields(sf, "Lead")
    with pytest.raises(SalesforceResourceNotFound) as refused:
        sobject(sf, "Lead").upsert(f"{EXT}/L-1", {"LastName": "Doe", "Company": "Acme"})
    assert refused.value.content == [
        {
            "message": f"Provided external ID field does not exist or is not accessible: {EXT}",
            "errorCode": "NOT_FOUND",
        }
    ]


def test_an_org_without_a_connected_object_answers_not_found_on_its_describe(
    emulated_org_factory: OrgFactory,
) -> None:
    sf = sf_connect(emulated_org_factory(schema=schema_without("Connected_External_Lead__c")))

    with pytest.raises(SalesforceResourceNotFound):
        sobject(sf, "Connected_External_Lead__c").describe()
    names = {item["name"] for item in describe_all(sf)["sobjects"]}
    assert "Connected_External_Lead__c" not in names


def test_an_org_may_add_custom_fields_to_a_narrowed_object(
    emulated_org_factory: OrgFactory,
) -> None:
    extra = {
        "name": "Partner_Notes__c",
        "label": "Partner Notes",
        "type": "textarea",
        "length": 1000,
        "custom": True,
    }
    sf = sf_connect(
        emulated_org_factory(
            schema={"Lead": ["LastName", "Company", "Status", "OwnerId", EXT, extra]}
        )
    )

    fields = _fields(sf, "Lead")

    assert set(fields) - {
        "Id",
        "IsDeleted",
        "CreatedDate",
        "CreatedById",
        "LastModifiedDate",
        "LastModifiedById",
        "SystemModstamp",
    } == {"LastName", "Company", "Status", "OwnerId", EXT, "Partner_Notes__c"}
    assert fields["Partner_Notes__c"]["custom"] is True
