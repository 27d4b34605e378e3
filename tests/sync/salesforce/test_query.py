"""SOQL: query follows nextRecordsUrl; query_changed builds safe, chunked queries."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from salesforce import SalesforceClient, soql_datetime
from tests.helpers.salesforce import DATA, token_ok

QUERY_URL = f"{DATA}query/"
NEXT_PATH = "/services/data/v62.0/query/01gD0000002HU6KIAW-2000"


def lead_id(n: int) -> str:
    return f"00Q5g00000A{n:07d}"


def answer(records: list[dict[str, Any]], next_url: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "totalSize": len(records),
        "done": next_url is None,
        "records": [
            {"attributes": {"type": "Lead", "url": f"/services/data/v62.0/sobjects/Lead/{r['Id']}"}}
            | r
            for r in records
        ],
    }
    if next_url:
        body["nextRecordsUrl"] = next_url
    return body


def soql_sent(call: Any) -> str:
    return parse_qs(urlsplit(call.request.url).query)["q"][0]


def test_query_follows_next_records_url_and_drops_attributes(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(QUERY_URL, json=answer([{"Id": lead_id(1)}, {"Id": lead_id(2)}], NEXT_PATH))
    rsps.get(f"https://acme.my.salesforce.com{NEXT_PATH}", json=answer([{"Id": lead_id(3)}]))

    records = client.query("SELECT Id FROM Lead")

    assert records == [{"Id": lead_id(1)}, {"Id": lead_id(2)}, {"Id": lead_id(3)}]
    assert soql_sent(rsps.calls[1]) == "SELECT Id FROM Lead"
    assert client.requests_made == 3


def test_query_changed_selects_system_fields_then_the_asked_fields_by_id_and_modstamp(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    row = {
        "Id": lead_id(1),
        "SystemModstamp": "2026-01-02T03:04:06.000+0000",
        "LastModifiedById": "0055g00000ABCDEAA4",
        "Status": "Working",
        "Rating": "Hot",
    }
    rsps.get(QUERY_URL, json=answer([row]))
    since = dt.datetime(2026, 1, 2, 4, 4, 5, 700000, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    records = client.query_changed(
        "Lead", ["Status", "Rating", "Id"], [lead_id(1), lead_id(2)], since
    )

    assert records == [row]
    assert soql_sent(rsps.calls[1]) == (
        "SELECT Id, SystemModstamp, LastModifiedById, Status, Rating FROM Lead "
        f"WHERE Id IN ('{lead_id(1)}','{lead_id(2)}') AND SystemModstamp > 2026-01-02T03:04:05Z"
    )


def test_query_changed_selects_each_field_once_whatever_its_letter_case(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(QUERY_URL, json=answer([]))

    client.query_changed("Lead", ["status", "Status", "systemmodstamp"], [lead_id(7)], None)

    assert soql_sent(rsps.calls[1]) == (
        "SELECT Id, SystemModstamp, LastModifiedById, status FROM Lead "
        f"WHERE Id IN ('{lead_id(7)}')"
    )


def test_query_changed_without_since_asks_for_every_listed_record(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    rsps.get(QUERY_URL, json=answer([]))

    client.query_changed("Lead", ["Status"], [lead_id(7)], None)

    assert soql_sent(rsps.calls[1]) == (
        "SELECT Id, SystemModstamp, LastModifiedById, Status FROM Lead "
        f"WHERE Id IN ('{lead_id(7)}')"
    )


def test_query_changed_sends_200_ids_per_query(
    rsps: responses.RequestsMock, client: SalesforceClient
) -> None:
    token_ok(rsps)
    ids = [lead_id(n) for n in range(450)]
    for start, size in ((0, 200), (200, 200), (400, 50)):
        rsps.get(QUERY_URL, json=answer([{"Id": i} for i in ids[start : start + size]]))

    records = client.query_changed("Lead", [], ids, None)

    assert [record["Id"] for record in records] == ids
    sent = [soql_sent(call) for call in rsps.calls[1:]]
    assert [query.count("'") // 2 for query in sent] == [200, 200, 50]
    assert f"'{ids[200]}'" in sent[1] and f"'{ids[199]}'" not in sent[1]
    assert client.requests_made == 4


def test_query_changed_with_no_ids_sends_nothing(client: SalesforceClient) -> None:
    with responses.RequestsMock():
        assert client.query_changed("Lead", ["Status"], [], None) == []
    assert client.requests_made == 0


@pytest.mark.parametrize(
    "bad_id", ["00Q5g00000A0000001' OR Name != '", "00Q", "00Q5g00000A000000!"]
)
def test_query_changed_refuses_anything_but_record_ids(
    client: SalesforceClient, bad_id: str
) -> None:
    with responses.RequestsMock(), pytest.raises(ValueError, match="record id"):
        client.query_changed("Lead", ["Status"], [lead_id(1), bad_id], None)
    assert client.requests_made == 0


@pytest.mark.parametrize("field", ["Status FROM User --", "Owner.Name, (SELECT Id FROM Tasks)"])
def test_query_changed_refuses_anything_but_field_names(
    client: SalesforceClient, field: str
) -> None:
    with responses.RequestsMock(), pytest.raises(ValueError, match="API name"):
        client.query_changed("Lead", [field], [lead_id(1)], None)


def test_soql_datetimes_are_utc_and_refuse_naive_values() -> None:
    assert soql_datetime(dt.datetime(2026, 7, 1, 12, 0, 59, 999999, tzinfo=dt.UTC)) == (
        "2026-07-01T12:00:59Z"
    )
    with pytest.raises(ValueError, match="timezone"):
        soql_datetime(dt.datetime(2026, 7, 1, 12, 0))
