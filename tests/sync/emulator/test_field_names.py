"""Field and object API names match in any letter case, as Salesforce matches them; answers
carry the canonical names, and unknown names are still refused in Salesforce's words."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.bulk2 import SFBulk2Type
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceOperationError

from emulator.control import org_records
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, first_error, rest, sobject, upsert_many


def _stored(org: EmulatedOrg, sobject_name: str = "Lead") -> list[dict[str, Any]]:
    return org_records(org.base_url, host=org.host, sobject=sobject_name)


def test_create_takes_field_names_in_any_case_and_stores_them_canonically(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    created = sobject(sf, "Lead").create({"lastname": "Doe", "COMPANY": "Acme", "tItLe": "CEO"})

    [stored] = _stored(emulated_org)
    assert created["success"] is True
    assert (stored["LastName"], stored["Company"], stored["Title"]) == ("Doe", "Acme", "CEO")
    assert "lastname" not in stored and "COMPANY" not in stored


def test_rest_paths_take_object_names_in_any_case(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    created = rest(sf, "sobjects/lead/", method="POST", json={"LastName": "Doe", "Company": "A"})
    described = rest(sf, "sobjects/LEAD/describe")
    fetched = rest(sf, f"sobjects/lead/{created['id']}", params={"fields": "lastname,company"})

    assert described["name"] == "Lead"
    assert fetched["attributes"]["type"] == "Lead"
    assert {key: fetched[key] for key in ("LastName", "Company")} == {
        "LastName": "Doe",
        "Company": "A",
    }
    assert len(_stored(emulated_org)) == 1


def test_collections_update_takes_a_lower_case_id_and_field_names(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    created = sobject(sf, "Lead").create({"LastName": "Doe", "Company": "Acme"})

    [result] = rest(
        sf,
        "composite/sobjects",
        method="PATCH",
        json={"records": [{"attributes": {"type": "lead"}, "id": created["id"], "title": "CFO"}]},
    )

    assert result == {"id": created["id"], "success": True, "errors": []}
    assert _stored(emulated_org)[0]["Title"] == "CFO"


def test_collections_upsert_takes_the_external_id_field_in_any_case(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    body = {"allOrNone": False, "records": []}
    body["records"] = [
        {"attributes": {"type": "Lead"}, EXT.lower(): "K-1", "lastname": "One", "company": "A"}
    ]
    first = rest(sf, f"composite/sobjects/lead/{EXT.upper()}", method="PATCH", json=body)
    again = upsert_many(
        sf, [{"attributes": {"type": "Lead"}, EXT: "K-1", "LastName": "Two", "Company": "A"}]
    )

    assert first[0]["created"] is True
    assert again[0] == {"id": first[0]["id"], "success": True, "errors": [], "created": False}
    [stored] = _stored(emulated_org)
    assert (stored[EXT], stored["LastName"]) == ("K-1", "Two")


def test_single_upsert_path_takes_the_external_id_field_in_any_case(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    sobject(sf, "Lead").upsert(f"{EXT.lower()}/U-1", {"lastname": "Doe", "company": "Acme"})
    sobject(sf, "Lead").upsert(f"{EXT}/U-1", {"LastName": "Roe"})

    [stored] = _stored(emulated_org)
    assert (stored[EXT], stored["LastName"]) == ("U-1", "Roe")


def test_an_unknown_field_is_still_refused_whole(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sobject(sf, "Lead").create({"LastName": "Doe", "Company": "A", "lastnames": "x"})

    assert first_error(refused.value) == {
        "message": "No such column 'lastnames' on sobject of type Lead",
        "errorCode": "INVALID_FIELD",
    }


def test_one_field_twice_in_different_cases_is_refused(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sobject(sf, "Lead").create({"LastName": "Doe", "lastname": "Roe", "Company": "A"})

    assert first_error(refused.value)["errorCode"] == "JSON_PARSER_ERROR"
    assert "Duplicate field LastName" in first_error(refused.value)["message"]


def test_soql_matches_object_and_field_names_in_any_case_and_answers_canonically(
    sf: Salesforce,
) -> None:
    sobject(sf, "Lead").create({"LastName": "Doe", "Company": "Acme", "Rating": "Hot"})
    sobject(sf, "Lead").create({"LastName": "Abe", "Company": "Acme", "Rating": "Hot"})

    answer = sf.query(
        "select lastname, COMPANY from lead where rating = 'Hot' and Company = 'acme' "
        "order by LASTNAME"
    )

    assert [{k: v for k, v in r.items() if k != "attributes"} for r in answer["records"]] == [
        {"LastName": "Abe", "Company": "Acme"},
        {"LastName": "Doe", "Company": "Acme"},
    ]
    assert answer["records"][0]["attributes"]["type"] == "Lead"


def test_soql_still_refuses_an_unknown_field(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sf.query("SELECT lastnames FROM Lead")

    assert first_error(refused.value)["errorCode"] == "INVALID_FIELD"
    assert first_error(refused.value)["message"].startswith(
        "No such column 'lastnames' on entity 'Lead'."
    )


def test_bulk_csv_headers_match_fields_in_any_case(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    bulk_type = getattr(sf.bulk2, "Lead")
    assert isinstance(bulk_type, SFBulk2Type)
    records = [{EXT.lower(): "B-1", "lastname": "Doe", "company": "Acme"}]

    [result] = bulk_type.upsert(records=records, external_id_field=EXT.lower(), wait=0)

    assert (result["numberRecordsProcessed"], result["numberRecordsFailed"]) == (1, 0)
    [row] = list(
        csv.DictReader(bulk_type.get_successful_records(str(result["job_id"])).splitlines())
    )
    assert (row["sf__Created"], row["lastname"]) == ("true", "Doe")
    [stored] = _stored(emulated_org)
    assert (stored[EXT], stored["LastName"], stored["Company"]) == ("B-1", "Doe", "Acme")


def test_bulk_csv_header_of_an_unknown_field_fails_the_job(sf: Salesforce) -> None:
    bulk_type = getattr(sf.bulk2, "Lead")
    assert isinstance(bulk_type, SFBulk2Type)

    with pytest.raises(SalesforceOperationError, match="Field name not found : lastnames"):
        bulk_type.upsert(records=[{EXT: "B-1", "lastnames": "Doe"}], external_id_field=EXT, wait=0)


def test_soql_refuses_a_field_selected_twice_in_two_cases(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sf.query("SELECT Id, LastName, lastname FROM Lead")

    assert first_error(refused.value) == {
        "message": "duplicate field selected: LastName",
        "errorCode": "INVALID_FIELD",
    }


def test_get_by_external_id_takes_object_and_field_names_in_any_case(sf: Salesforce) -> None:
    sobject(sf, "Lead").upsert(f"{EXT}/G-1", {"LastName": "Doe", "Company": "Acme"})

    fetched = rest(sf, f"sobjects/lead/{EXT.lower()}/G-1", params={"fields": "LASTNAME"})

    assert (fetched["attributes"]["type"], fetched["LastName"]) == ("Lead", "Doe")
