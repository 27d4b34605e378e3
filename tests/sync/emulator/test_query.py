"""The SOQL subset: field lists, IN filters, SystemModstamp watermarks, order, limit, paging."""

from __future__ import annotations

import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest

from emulator.control import org_record_delete, org_record_update
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, first_error, lead, upsert_many


def test_query_by_ids_returns_the_asked_fields_with_attributes(sf: Salesforce) -> None:
    results = upsert_many(sf, [lead(f"L-{n}", Title=f"T{n}") for n in range(3)])
    ids = [result["id"] for result in results]

    answer = sf.query(f"SELECT Id, Title FROM Lead WHERE Id IN ('{ids[0]}', '{ids[2]}')")

    assert (answer["totalSize"], answer["done"]) == (2, True)
    assert [dict(record) for record in answer["records"]] == [
        {
            "attributes": {"type": "Lead", "url": f"/services/data/v62.0/sobjects/Lead/{ids[0]}"},
            "Id": ids[0],
            "Title": "T0",
        },
        {
            "attributes": {"type": "Lead", "url": f"/services/data/v62.0/sobjects/Lead/{ids[2]}"},
            "Id": ids[2],
            "Title": "T2",
        },
    ]


def test_query_matches_15_character_ids_and_is_case_insensitive_on_keywords(sf: Salesforce) -> None:
    [result] = upsert_many(sf, [lead("L-1")])

    answer = sf.query(f"select id from lead where id in ('{result['id'][:15]}')")

    assert [record["Id"] for record in answer["records"]] == [result["id"]]


def test_poll_query_returns_records_changed_since_the_watermark_in_order(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead(f"L-{n}") for n in range(4)])
    ids = {
        record[EXT]: record["Id"] for record in sf.query(f"SELECT Id, {EXT} FROM Lead")["records"]
    }
    watermark = sf.query("SELECT SystemModstamp FROM Lead ORDER BY SystemModstamp DESC LIMIT 1")[
        "records"
    ][0]["SystemModstamp"]
    partner = emulated_org.user_ids[0]
    for key in ("L-3", "L-1"):
        org_record_update(
            emulated_org.base_url,
            host=emulated_org.host,
            sobject="Lead",
            record_id=ids[key],
            values={"Status": "Working - Contacted"},
            as_user=partner,
        )
    since = watermark.replace("+0000", "Z")

    answer = sf.query(
        "SELECT Id, Status, LastModifiedById, SystemModstamp FROM Lead "
        f"WHERE {EXT} IN ('L-0', 'L-1', 'L-3') AND SystemModstamp > {since} "
        "ORDER BY SystemModstamp"
    )

    assert [record["Id"] for record in answer["records"]] == [ids["L-3"], ids["L-1"]]
    assert {record["LastModifiedById"] for record in answer["records"]} == {partner}
    assert {record["Status"] for record in answer["records"]} == {"Working - Contacted"}


def test_filters_compare_by_field_type(sf: Salesforce) -> None:
    upsert_many(
        sf, [lead("L-1", NumberOfEmployees=10), lead("L-2", NumberOfEmployees=200), lead("L-3")]
    )

    big = sf.query(f"SELECT {EXT} FROM Lead WHERE NumberOfEmployees >= 50")
    named = sf.query(f"SELECT {EXT} FROM Lead WHERE Company = 'company l-2'")
    empty = sf.query(f"SELECT {EXT} FROM Lead WHERE NumberOfEmployees = null")
    others = sf.query(
        f"SELECT {EXT} FROM Lead WHERE {EXT} NOT IN ('L-1') ORDER BY {EXT} DESC LIMIT 1"
    )

    assert [record[EXT] for record in big["records"]] == ["L-2"]
    assert [record[EXT] for record in named["records"]] == ["L-2"]
    assert [record[EXT] for record in empty["records"]] == ["L-3"]
    assert [record[EXT] for record in others["records"]] == ["L-3"]


def test_query_all_includes_deleted_records_and_query_does_not(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    [kept, deleted] = upsert_many(sf, [lead("L-1"), lead("L-2")])
    org_record_delete(
        emulated_org.base_url, host=emulated_org.host, sobject="Lead", record_id=deleted["id"]
    )

    live = sf.query("SELECT Id FROM Lead")
    every = sf.query("SELECT Id, IsDeleted FROM Lead", include_deleted=True)

    assert [record["Id"] for record in live["records"]] == [kept["id"]]
    assert [(record["Id"], record["IsDeleted"]) for record in every["records"]] == [
        (kept["id"], False),
        (deleted["id"], True),
    ]


def test_large_results_come_in_pages_of_2000(sf: Salesforce) -> None:
    for start in range(0, 2100, 200):
        upsert_many(sf, [lead(f"L-{n}") for n in range(start, min(start + 200, 2100))])

    first = sf.query("SELECT Id FROM Lead")
    every = sf.query_all("SELECT Id FROM Lead")

    assert (first["totalSize"], first["done"], len(first["records"])) == (2100, False, 2000)
    assert first["nextRecordsUrl"].startswith("/services/data/v62.0/query/01g")
    assert len({record["Id"] for record in every["records"]}) == 2100


@pytest.mark.parametrize(
    ("soql", "code"),
    [
        ("SELECT Id FROM Lead WHERE Email = 'a' OR Email = 'b'", "MALFORMED_QUERY"),
        ("SELECT COUNT() FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Id FROM Lead LIMIT", "MALFORMED_QUERY"),
        ("DELETE FROM Lead", "MALFORMED_QUERY"),
        ("SELECT Id, Shoe_Size__c FROM Lead", "INVALID_FIELD"),
        ("SELECT Id FROM Lead WHERE SystemModstamp > '2026-01-01T00:00:00Z'", "INVALID_FIELD"),
        ("SELECT Id FROM Widget__c", "INVALID_TYPE"),
    ],
    ids=[
        "or",
        "count",
        "limit-without-number",
        "not-a-select",
        "unknown-field",
        "quoted-datetime",
        "unknown-object",
    ],
)
def test_queries_outside_the_subset_are_refused_as_salesforce_would(
    sf: Salesforce, soql: str, code: str
) -> None:
    with pytest.raises(SalesforceMalformedRequest) as refused:
        sf.query(soql)

    assert first_error(refused.value)["errorCode"] == code
