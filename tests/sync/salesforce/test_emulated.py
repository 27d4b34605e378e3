"""The seam against the org emulator over real HTTP: volumes, no duplicates, faults."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from emulator.control import org_faults_set, org_record_update, org_records, org_stats
from salesforce import (
    OrgCredentials,
    SalesforceAuthFailed,
    SalesforceCallFailed,
    SalesforceClient,
    SalesforceLimitReached,
    SalesforceTransient,
)
from tests.helpers.orgs import EmulatedOrg

pytestmark = pytest.mark.usefixtures("emulator_settings")

EXT = "Vendor_Record_Id__c"


def leads(count: int, prefix: str = "L", **values: Any) -> list[dict[str, Any]]:
    return [
        {EXT: f"{prefix}-{n}", "LastName": f"Lead {n}", "Company": "Acme"} | values
        for n in range(count)
    ]


@pytest.fixture
def client(emulated_org: EmulatedOrg) -> SalesforceClient:
    credentials = OrgCredentials(
        emulated_org.host, emulated_org.client_id, emulated_org.client_secret
    )
    return SalesforceClient(credentials, bulk_poll_seconds=0.02)


def stamp(record: dict[str, Any]) -> dt.datetime:
    return dt.datetime.strptime(record["SystemModstamp"], "%Y-%m-%dT%H:%M:%S.%f%z")


def remote_leads(org: EmulatedOrg) -> list[dict[str, Any]]:
    return org_records(org.base_url, host=org.host, sobject="Lead")


def test_1000_leads_take_5_collection_requests_and_one_token(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    results = client.upsert_many("Lead", EXT, leads(1000))

    assert client.requests_made == 6
    stats = org_stats(emulated_org.base_url, host=emulated_org.host)
    assert (stats["token_requests"], stats["api_requests"]) == (1, 5)
    assert stats["endpoints"] == {"collections_upsert": 5}
    assert all(result.ok and result.created for result in results)
    assert all(
        result.id and len(result.id) == 18 and result.id.startswith("00Q") for result in results
    )
    stored = {record[EXT]: record["Id"] for record in remote_leads(emulated_org)}
    assert [stored[f"L-{n}"] for n in range(1000)] == [result.id for result in results]


def test_re_upserting_updates_the_same_records_and_creates_none(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    first = client.upsert_many("Lead", EXT, leads(250))

    again = client.upsert_many("Lead", EXT, leads(250, Title="Buyer"))

    assert [result.id for result in again] == [result.id for result in first]
    assert not any(result.created for result in again)
    stored = remote_leads(emulated_org)
    assert len(stored) == 250
    assert {record["Title"] for record in stored} == {"Buyer"}


def test_per_record_errors_come_back_in_order_and_the_rest_is_written(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    records = leads(3)
    records[1]["Company"] = None
    records[2]["Email"] = "not an email"

    results = client.upsert_many("Lead", EXT, records)

    assert [result.ok for result in results] == [True, False, False]
    assert results[1].errors[0].status_code == "REQUIRED_FIELD_MISSING"
    assert results[2].errors[0].status_code == "INVALID_EMAIL_ADDRESS"
    assert [record[EXT] for record in remote_leads(emulated_org)] == ["L-0"]


def test_update_many_changes_records_by_id(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    created = client.upsert_many("Lead", EXT, leads(2))

    results = client.update_many(
        "Lead", [{"Id": result.id, "Status": "Working - Contacted"} for result in created]
    )

    assert [result.ok for result in results] == [True, True]
    assert {record["Status"] for record in remote_leads(emulated_org)} == {"Working - Contacted"}


def test_bulk_upsert_writes_through_an_ingest_job_without_duplicates(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    records = leads(300, prefix="B")
    records[7]["Company"] = None

    results = client.bulk_upsert("Lead", EXT, records)
    again = client.bulk_upsert("Lead", EXT, leads(300, prefix="B", Title="Again"))

    assert [result.ok for result in results] == [n != 7 for n in range(300)]
    assert results[7].errors[0].status_code == "REQUIRED_FIELD_MISSING"
    assert results[7].errors[0].fields == ["Company"]
    assert all(result.created for n, result in enumerate(results) if n != 7)
    assert [result.created for result in again] == [n == 7 for n in range(300)]
    assert [again[n].id for n in range(300) if n != 7] == [
        results[n].id for n in range(300) if n != 7
    ]
    stored = remote_leads(emulated_org)
    assert len(stored) == 300
    assert {record["Title"] for record in stored} == {"Again"}
    stats = org_stats(emulated_org.base_url, host=emulated_org.host)
    assert stats["endpoints"]["bulk_create"] == 2
    assert "collections_upsert" not in stats["endpoints"]


def test_describe_reads_the_org_schema(client: SalesforceClient) -> None:
    lead = client.describe("Lead")

    assert lead.name == "Lead"
    external = lead.fields[EXT]
    assert (external.external_id, external.unique, external.type) == (True, True, "string")
    assert lead.fields["Status"].default_picklist_value in lead.fields["Status"].picklist_values
    assert set(lead.fields["OwnerId"].reference_to) >= {"User"}


def test_describe_of_a_missing_object_is_not_found(
    emulated_org_factory: Any,
) -> None:
    org = emulated_org_factory(schema={"Lead": None, "Opportunity": None})
    client = SalesforceClient(OrgCredentials(org.host, org.client_id, org.client_secret))

    with pytest.raises(SalesforceCallFailed) as raised:
        client.describe("Connected_External_Lead__c")

    assert raised.value.error_code == "NOT_FOUND"


def test_identity_is_the_orgs_integration_user(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    identity = client.identity()

    assert (identity.user_id, identity.org_id) == (
        emulated_org.integration_user_id,
        emulated_org.org_id,
    )
    assert identity.instance_url == f"https://{emulated_org.host}"


def test_query_changed_returns_only_records_changed_after_since(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    ids = [result.id or "" for result in client.upsert_many("Lead", EXT, leads(3))]
    everything = client.query_changed("Lead", ["Status"], ids, None)
    # SOQL compares whole seconds: the watermark is the second after the last write.
    watermark = max(stamp(record) for record in everything).replace(microsecond=0)
    watermark += dt.timedelta(seconds=1)
    time.sleep(max(0.0, (watermark - dt.datetime.now(dt.UTC)).total_seconds()) + 0.01)
    partner_user = emulated_org.user_ids[0]
    org_record_update(
        emulated_org.base_url,
        host=emulated_org.host,
        sobject="Lead",
        record_id=ids[1],
        values={"Status": "Working - Contacted"},
        as_user=partner_user,
    )

    changed = client.query_changed("Lead", ["Status"], ids, watermark)

    assert sorted(record["Id"] for record in everything) == sorted(ids)
    assert [record["Id"] for record in changed] == [ids[1]]
    assert changed[0]["LastModifiedById"] == partner_user
    assert changed[0]["Status"] == "Working - Contacted"
    later = watermark + dt.timedelta(hours=1)
    assert client.query_changed("Lead", ["Status"], ids, later) == []


def test_api_usage_follows_the_orgs_counter(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    client.describe("Lead")
    client.limits()

    used, limit = client.api_usage or (0, 0)
    assert (used, limit) == (2, 15000)
    assert client.limits()["DailyApiRequests"]["Max"] == 15000


def test_an_expired_token_is_renewed_once_and_the_call_goes_through(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    client.identity()
    org_faults_set(emulated_org.base_url, host=emulated_org.host, expired_token=True)

    results = client.upsert_many("Lead", EXT, leads(2))

    assert all(result.created for result in results)
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["token_requests"] == 2
    assert client.requests_made == 4


def test_an_expired_token_with_refused_credentials_is_auth_failed(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    client.identity()
    org_faults_set(
        emulated_org.base_url, host=emulated_org.host, expired_token=True, token_refused=True
    )

    with pytest.raises(SalesforceAuthFailed):
        client.upsert_many("Lead", EXT, leads(2))

    assert remote_leads(emulated_org) == []


def test_a_wrong_secret_is_auth_failed(emulated_org: EmulatedOrg) -> None:
    client = SalesforceClient(OrgCredentials(emulated_org.host, emulated_org.client_id, "wrong"))

    with pytest.raises(SalesforceAuthFailed) as raised:
        client.identity()

    assert raised.value.error_code == "invalid_client"


def test_request_limit_exceeded_is_limit_reached(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, request_limit=True)

    with pytest.raises(SalesforceLimitReached) as raised:
        client.upsert_many("Lead", EXT, leads(2))

    assert raised.value.error_code == "REQUEST_LIMIT_EXCEEDED"
    assert remote_leads(emulated_org) == []


@pytest.mark.parametrize("switch", ["status_500", "status_503"])
def test_a_server_error_is_transient_and_the_retry_writes_once(
    client: SalesforceClient, emulated_org: EmulatedOrg, switch: str
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, **{switch: 1})

    with pytest.raises(SalesforceTransient) as raised:
        client.upsert_many("Lead", EXT, leads(2))
    results = client.upsert_many("Lead", EXT, leads(2))

    assert raised.value.status == int(switch.removeprefix("status_"))
    assert all(result.created for result in results)
    assert len(remote_leads(emulated_org)) == 2


def test_locked_rows_come_back_as_transient_record_results(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, lock_row=1)

    locked = client.upsert_many("Lead", EXT, leads(3))
    retried = client.upsert_many("Lead", EXT, leads(3))

    assert all(result.transient for result in locked)
    assert all(result.ok and result.created for result in retried)
    assert len(remote_leads(emulated_org)) == 3


def test_latency_beyond_the_timeout_is_transient(
    client: SalesforceClient, emulated_org: EmulatedOrg
) -> None:
    client.identity()
    client.session.timeout_seconds = 0.2
    org_faults_set(emulated_org.base_url, host=emulated_org.host, latency_ms=600)

    with pytest.raises(SalesforceTransient) as raised:
        client.limits()

    assert raised.value.error_code == "TIMEOUT"


@pytest.mark.parametrize("switch", ["drop_connection", "drop_response"])
def test_a_dropped_connection_is_transient_and_the_retry_never_duplicates(
    client: SalesforceClient, emulated_org: EmulatedOrg, switch: str
) -> None:
    client.identity()
    org_faults_set(emulated_org.base_url, host=emulated_org.host, **{switch: 1})

    with pytest.raises(SalesforceTransient) as raised:
        client.upsert_many("Lead", EXT, leads(5))
    results = client.upsert_many("Lead", EXT, leads(5))

    assert raised.value.error_code == "CONNECTION_ERROR"
    assert all(result.ok for result in results)
    assert len(remote_leads(emulated_org)) == 5
