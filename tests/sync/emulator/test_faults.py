"""Fault switches: each fails calls as Salesforce or the network would, and counts recover."""

from __future__ import annotations

import time

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceGeneralError,
    SalesforceRefusedRequest,
)

from emulator.control import (
    EmulatorControlError,
    org_faults_clear,
    org_faults_set,
    org_records,
    org_stats,
)
from tests.helpers.orgs import EmulatedOrg, OrgFactory
from tests.sync.emulator.client import (
    EXT,
    adapted_session,
    first_error,
    lead,
    rest,
    sf_connect,
    sobject,
    upsert_many,
)


def _leads(org: EmulatedOrg) -> list[str]:
    return [record[EXT] for record in org_records(org.base_url, host=org.host, sobject="Lead")]


def test_an_expired_token_is_renewed_by_the_client_and_the_call_succeeds(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    old_token = sf.session_id
    org_faults_set(emulated_org.base_url, host=emulated_org.host, expired_token=True)

    stale = adapted_session(emulated_org.base_url).get(
        f"https://{emulated_org.host}/services/data/v62.0/limits/",
        headers={"Authorization": f"Bearer {old_token}"},
        timeout=5,
    )
    upsert_many(sf, [lead("L-1")])

    assert stale.status_code == 401
    assert stale.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    assert sf.session_id != old_token
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["token_requests"] == 2
    assert _leads(emulated_org) == ["L-1"]


def test_an_expired_token_that_cannot_be_renewed_fails_authentication(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(
        emulated_org.base_url, host=emulated_org.host, expired_token=True, token_refused=True
    )

    with pytest.raises(SalesforceAuthenticationFailed) as refused:
        upsert_many(sf, [lead("L-1")])

    assert refused.value.code == "invalid_grant"
    assert _leads(emulated_org) == []


def test_a_refused_token_endpoint_leaves_issued_tokens_working(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, token_refused=True)

    upsert_many(sf, [lead("L-1")])
    with pytest.raises(SalesforceAuthenticationFailed):
        sf_connect(emulated_org)

    assert _leads(emulated_org) == ["L-1"]


def test_request_limit_refuses_every_call_until_cleared(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, request_limit=True)

    with pytest.raises(SalesforceRefusedRequest) as refused:
        upsert_many(sf, [lead("L-1")])
    org_faults_clear(emulated_org.base_url, host=emulated_org.host)
    upsert_many(sf, [lead("L-2")])

    assert refused.value.status == 403
    assert refused.value.content == [
        {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
    ]
    assert _leads(emulated_org) == ["L-2"]


def test_the_daily_limit_refuses_calls_once_used_up(emulated_org_factory: OrgFactory) -> None:
    org = emulated_org_factory(api_limit=2)
    sf = sf_connect(org)
    upsert_many(sf, [lead("L-1")])
    upsert_many(sf, [lead("L-2")])

    with pytest.raises(SalesforceRefusedRequest) as refused:
        upsert_many(sf, [lead("L-3")])

    assert refused.value.content == [
        {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
    ]
    assert org_stats(org.base_url, host=org.host)["api_requests"] == 2
    assert _leads(org) == ["L-1", "L-2"]


def test_status_500_fails_the_next_calls_then_recovers(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, status_500=2)

    statuses = []
    for _ in range(2):
        with pytest.raises(SalesforceGeneralError) as failed:
            upsert_many(sf, [lead("L-1")])
        statuses.append((failed.value.status, first_error(failed.value)["errorCode"]))
    assert _leads(emulated_org) == []
    upsert_many(sf, [lead("L-1")])

    assert statuses == [(500, "UNKNOWN_EXCEPTION")] * 2
    assert _leads(emulated_org) == ["L-1"]
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["faults"]["status_500"] == 0


def test_status_503_fails_the_next_call_then_recovers(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, status_503=1)

    with pytest.raises(SalesforceGeneralError) as failed:
        upsert_many(sf, [lead("L-1")])
    upsert_many(sf, [lead("L-1")])

    assert failed.value.status == 503
    assert _leads(emulated_org) == ["L-1"]


def test_lock_row_fails_every_record_of_the_next_call_then_recovers(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, lock_row=1)

    locked = upsert_many(sf, [lead("L-1"), lead("L-2")])
    assert _leads(emulated_org) == []
    retried = upsert_many(sf, [lead("L-1"), lead("L-2")])

    assert {error["statusCode"] for result in locked for error in result["errors"]} == {
        "UNABLE_TO_LOCK_ROW"
    }
    assert [result["created"] for result in retried] == [True, True]
    assert _leads(emulated_org) == ["L-1", "L-2"]


def test_latency_delays_answers_so_client_timeouts_fire(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, latency_ms=200)

    started = time.monotonic()
    sobject(sf, "Lead").describe()
    elapsed = time.monotonic() - started
    with pytest.raises(requests.exceptions.ReadTimeout):
        rest(sf, "sobjects/Lead/describe/", timeout=0.05)

    assert elapsed >= 0.2


def test_a_connection_dropped_before_handling_writes_nothing(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, drop_connection=1)

    with pytest.raises(requests.exceptions.ConnectionError):
        upsert_many(sf, [lead("L-1")])
    assert _leads(emulated_org) == []
    [retried] = upsert_many(sf, [lead("L-1")])

    assert retried["created"] is True
    assert _leads(emulated_org) == ["L-1"]


def test_a_response_dropped_after_handling_leaves_the_write_and_a_retry_duplicates_nothing(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    org_faults_set(emulated_org.base_url, host=emulated_org.host, drop_response=1)

    with pytest.raises(requests.exceptions.ConnectionError):
        upsert_many(sf, [lead("L-1")])
    assert _leads(emulated_org) == ["L-1"]
    [retried] = upsert_many(sf, [lead("L-1")])

    assert retried["created"] is False
    assert _leads(emulated_org) == ["L-1"]


def test_faults_are_per_org(
    sf: Salesforce, emulated_org: EmulatedOrg, emulated_org_factory: OrgFactory
) -> None:
    other = emulated_org_factory()
    org_faults_set(other.base_url, host=other.host, request_limit=True, status_500=3)

    upsert_many(sf, [lead("L-1")])

    assert _leads(emulated_org) == ["L-1"]


def test_an_unknown_switch_is_refused(emulated_org: EmulatedOrg) -> None:
    with pytest.raises(EmulatorControlError) as refused:
        org_faults_set(emulated_org.base_url, host=emulated_org.host, meteor_strike=True)

    assert refused.value.status == 400
    assert (
        org_stats(emulated_org.base_url, host=emulated_org.host)["faults"]["request_limit"] is False
    )
