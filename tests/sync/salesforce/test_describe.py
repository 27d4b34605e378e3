"""describe and limits: parsing Salesforce's answers; Sforce-Limit-Info."""

from __future__ import annotations

from typing import Any

import pytest
import responses

from salesforce import FieldDescribe, SalesforceCallFailed, SalesforceClient
from tests.helpers.salesforce import DATA, sf_error, token_ok

DESCRIBE_URL = f"{DATA}sobjects/Lead/describe/"


def field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": name,
        "label": name.replace("_", " "),
        "type": kind,
        "length": 0,
        "precision": 0,
        "scale": 0,
        "nillable": True,
        "createable": True,
        "updateable": True,
        "externalId": False,
        "unique": False,
        "defaultedOnCreate": False,
        "picklistValues": [],
        "referenceTo": [],
        "calculated": False,
        "soapType": "xsd:string",
    }
    return base | extra


LEAD_DESCRIBE: dict[str, Any] = {
    "name": "Lead",
    "label": "Lead",
    "custom": False,
    "keyPrefix": "00Q",
    "createable": True,
    "fields": [
        field("Id", "id", length=18, nillable=False, createable=False, updateable=False),
        field("LastName", "string", length=80, nillable=False),
        field(
            "Status",
            "picklist",
            length=255,
            nillable=False,
            defaultedOnCreate=True,
            picklistValues=[
                {
                    "active": True,
                    "defaultValue": True,
                    "label": "Open",
                    "value": "Open - Not Contacted",
                },
                {
                    "active": True,
                    "defaultValue": False,
                    "label": "Working",
                    "value": "Working - Contacted",
                },
                {"active": False, "defaultValue": False, "label": "Old", "value": "Retired"},
            ],
        ),
        field("AnnualRevenue", "currency", precision=18, scale=0),
        field("OwnerId", "reference", length=18, nillable=False, referenceTo=["Group", "User"]),
        field("Vendor_Record_Id__c", "string", length=40, externalId=True, unique=True),
    ],
}


def test_describe_parses_every_field_attribute(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(DESCRIBE_URL, json=LEAD_DESCRIBE)

    lead = client.describe("Lead")

    assert (lead.name, lead.label, lead.custom) == ("Lead", "Lead", False)
    assert list(lead.fields) == [
        "Id",
        "LastName",
        "Status",
        "AnnualRevenue",
        "OwnerId",
        "Vendor_Record_Id__c",
    ]
    assert lead.fields["Status"] == FieldDescribe(
        name="Status",
        label="Status",
        type="picklist",
        length=255,
        precision=0,
        scale=0,
        nillable=False,
        createable=True,
        updateable=True,
        external_id=False,
        unique=False,
        defaulted_on_create=True,
        picklist_values=["Open - Not Contacted", "Working - Contacted"],
        default_picklist_value="Open - Not Contacted",
        reference_to=[],
    )
    assert lead.fields["AnnualRevenue"].precision == 18
    assert lead.fields["OwnerId"].reference_to == ["Group", "User"]
    external = lead.fields["Vendor_Record_Id__c"]
    assert (external.external_id, external.unique, external.length) == (True, True, 40)
    assert lead.fields["Id"].createable is False


def test_describe_of_an_unknown_object_is_call_failed_not_found(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(
        f"{DATA}sobjects/Connected_External_Lead__c/describe/",
        status=404,
        json=sf_error("NOT_FOUND", "The requested resource does not exist"),
    )

    with pytest.raises(SalesforceCallFailed) as raised:
        client.describe("Connected_External_Lead__c")

    assert raised.value.error_code == "NOT_FOUND"
    assert raised.value.status == 404


def test_api_usage_is_read_from_the_last_sforce_limit_info_header(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(DESCRIBE_URL, json=LEAD_DESCRIBE, headers={"Sforce-Limit-Info": "api-usage=18/5000"})
    rsps.get(
        DESCRIBE_URL,
        json=LEAD_DESCRIBE,
        headers={
            "Sforce-Limit-Info": "api-usage=25/5000; per-app-api-usage=17/250(appName=portal)"
        },
    )

    assert client.api_usage is None
    client.describe("Lead")
    assert client.api_usage == (18, 5000)
    client.describe("Lead")
    assert client.api_usage == (25, 5000)


def test_limits_returns_the_org_limits(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    limits = {"DailyApiRequests": {"Max": 15000, "Remaining": 14998}, "DailyBulkV2QueryJobs": {}}
    token_ok(rsps)
    rsps.get(f"{DATA}limits/", json=limits)

    assert client.limits() == limits
