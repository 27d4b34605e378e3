"""The control API: orgs, records changed as a partner user would, resets; none of it counted."""

from __future__ import annotations

import pytest
from simple_salesforce import Salesforce

from emulator.control import (
    EmulatorControlError,
    org_create,
    org_get,
    org_record_create,
    org_record_delete,
    org_record_update,
    org_records,
    org_reset,
    org_stats,
    orgs_list,
)
from emulator.server import RunningEmulator
from tests.helpers.orgs import EmulatedOrg
from tests.sync.emulator.client import EXT, lead, sf_connect, sobject, upsert_many


def test_creating_an_org_again_updates_credentials_and_keeps_records(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-1")])

    again = org_create(
        emulated_org.base_url,
        host=emulated_org.host.upper(),
        client_id="new-id",
        client_secret="new-secret",
        api_limit=100,
    )

    assert again["org_id"] == emulated_org.org_id
    assert again["client_id"] == "new-id"
    assert again["api_limit"] == 100
    assert again["record_counts"]["Lead"] == 1
    assert (
        org_get(emulated_org.base_url, host=emulated_org.host)["integration_user_id"]
        == emulated_org.integration_user_id
    )


def test_orgs_list_shows_each_org_once(emulated_org: EmulatedOrg) -> None:
    hosts = [org["host"] for org in orgs_list(emulated_org.base_url)]

    assert hosts.count(emulated_org.host) == 1


def test_a_partner_users_change_stamps_the_record_as_theirs(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    [created] = upsert_many(sf, [lead("L-1")])
    before = sobject(sf, "Lead").get(created["id"])

    changed = org_record_update(
        emulated_org.base_url,
        host=emulated_org.host,
        sobject="Lead",
        record_id=created["id"],
        values={"Rating": "Hot"},
    )

    assert changed["Rating"] == "Hot"
    assert changed["LastModifiedById"] == emulated_org.user_ids[0]
    assert changed["SystemModstamp"] > before["SystemModstamp"]
    assert changed["LastModifiedDate"] == changed["SystemModstamp"]
    assert org_stats(emulated_org.base_url, host=emulated_org.host)["api_requests"] == 2


def test_a_change_as_a_named_user_is_stamped_with_that_user(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    record = org_record_create(
        emulated_org.base_url,
        host=emulated_org.host,
        sobject="Lead",
        values={"LastName": "Doe", "Company": "Acme", EXT: "L-9"},
        as_user=emulated_org.user_ids[1],
    )

    assert (record["CreatedById"], record["LastModifiedById"], record["OwnerId"]) == (
        emulated_org.user_ids[1],
    ) * 3
    assert sobject(sf, "Lead").get_by_custom_id(EXT, "L-9")["Id"] == record["Id"]


def test_a_refused_change_reports_salesforce_errors(emulated_org: EmulatedOrg) -> None:
    with pytest.raises(EmulatorControlError) as refused:
        org_record_create(
            emulated_org.base_url,
            host=emulated_org.host,
            sobject="Lead",
            values={"LastName": "Doe"},
        )

    assert refused.value.status == 400
    assert refused.value.payload["errors"][0]["statusCode"] == "REQUIRED_FIELD_MISSING"
    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []


def test_deleted_records_leave_the_list_unless_asked(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    [created] = upsert_many(sf, [lead("L-1")])

    org_record_delete(
        emulated_org.base_url, host=emulated_org.host, sobject="Lead", record_id=created["id"]
    )

    assert org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead") == []
    [deleted] = org_records(
        emulated_org.base_url, host=emulated_org.host, sobject="Lead", include_deleted=True
    )
    assert deleted["IsDeleted"] is True
    [again] = upsert_many(sf, [lead("L-1")])
    assert again["created"] is True and again["id"] != created["id"]


def test_reset_forgets_records_tokens_and_usage_but_keeps_users(
    sf: Salesforce, emulated_org: EmulatedOrg
) -> None:
    upsert_many(sf, [lead("L-1")])

    summary = org_reset(emulated_org.base_url, host=emulated_org.host)
    fresh = sf_connect(emulated_org)

    assert summary["record_counts"]["Lead"] == 0
    assert summary["api_requests"] == 0
    assert emulated_org.user_ids[0] in {user["Id"] for user in summary["users"]}
    assert fresh.query("SELECT Id FROM Lead")["totalSize"] == 0


def test_an_unknown_org_is_not_found(emulator: RunningEmulator) -> None:
    with pytest.raises(EmulatorControlError) as missing:
        org_records(emulator.base_url, host="nobody.my.salesforce.com", sobject="Lead")

    assert missing.value.status == 404
