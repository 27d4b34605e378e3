"""Query pages follow Sforce-Query-Options: batchSize, kept within Salesforce's 200 to 2,000."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from simple_salesforce import Salesforce

from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import adapted_session, lead, upsert_many

QUERY = "SELECT Id FROM Lead"


def _leads(sf: Salesforce, count: int) -> None:
    for start in range(0, count, 200):
        upsert_many(sf, [lead(f"Q-{n}") for n in range(start, min(start + 200, count))])


def _get(sf: Salesforce, org: EmulatedOrg, path: str, options: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {sf.session_id}"}
    if options is not None:
        headers["Sforce-Query-Options"] = options
    return adapted_session(org.base_url).get(
        f"https://{org.host}{path}", headers=headers, timeout=5
    )


def _pages(sf: Salesforce, org: EmulatedOrg, options: str | None) -> list[dict[str, Any]]:
    """Follow nextRecordsUrl from the first page to the last, the header on every request."""
    response = _get(sf, org, f"/services/data/v62.0/query?q={QUERY}", options)
    pages = [response.json()]
    while not pages[-1]["done"]:
        pages.append(_get(sf, org, pages[-1]["nextRecordsUrl"], options).json())
    return pages


def test_a_batch_size_of_200_pages_by_200(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    _leads(sf, 450)

    pages = _pages(sf, emulated_org, "batchSize=200")

    assert [len(page["records"]) for page in pages] == [200, 200, 50]
    assert {page["totalSize"] for page in pages} == {450}
    ids = [record["Id"] for page in pages for record in page["records"]]
    assert len(set(ids)) == 450


def test_the_batch_size_set_on_the_query_holds_for_the_pages_after_it(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    _leads(sf, 450)
    first = _get(sf, emulated_org, f"/services/data/v62.0/query?q={QUERY}", "batchSize=300")

    second = _get(sf, emulated_org, first.json()["nextRecordsUrl"], None).json()

    assert (len(first.json()["records"]), len(second["records"]), second["done"]) == (
        300,
        150,
        True,
    )


@pytest.mark.parametrize(("options", "sizes"), [("batchSize=50", [200, 50]), (None, [250])])
def test_a_batch_size_below_200_gives_200_and_no_header_gives_2000(
    sf: Salesforce, emulated_org: EmulatedOrg, options: str | None, sizes: list[int]
) -> None:
    _leads(sf, 250)

    pages = _pages(sf, emulated_org, options)

    assert [len(page["records"]) for page in pages] == sizes


def test_a_batch_size_above_2000_gives_2000(sf: Salesforce, emulated_org: EmulatedOrg) -> None:
    _leads(sf, 2100)

    pages = _pages(sf, emulated_org, "batchSize=5000")

    assert [len(page["records"]) for page in pages] == [2000, 100]


def test_simple_salesforce_query_all_follows_the_smaller_pages(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    _leads(sf, 450)
    sf.headers["Sforce-Query-Options"] = "batchSize=200"

    answer = sf.query_all(QUERY)

    assert (answer["totalSize"], len(answer["records"])) == (450, 450)


def test_a_batch_size_that_is_not_a_number_is_refused(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    response = _get(sf, emulated_org, f"/services/data/v62.0/query?q={QUERY}", "batchSize=lots")

    assert response.status_code == 400
    assert response.json()[0]["errorCode"] == "INVALID_QUERY_OPTIONS"
