"""Creating, resetting and summarising emulated orgs, each seeded with users and a queue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from emulator.faults import faults_default
from emulator.ids import KEY_PREFIXES, id_make
from emulator.records import record_view
from emulator.schema import schema_build
from emulator.state import EmulatorState, Org

DEFAULT_API_LIMIT = 15000
SYSTEM_OBJECTS = ("User", "Group")
# (first name, last name, username stem, active); the first is the integration user.
SEED_USERS = (
    ("Integration", "User", "integration", True),
    ("Avery", "Admin", "avery.admin", True),
    ("Sam", "Seller", "sam.seller", True),
    ("Riley", "Rep", "riley.rep", True),
    ("Ian", "Inactive", "ian.inactive", False),
)
QUEUE_NAME = "Partner Leads Queue"

SchemaSpec = Mapping[str, Sequence[str | Mapping[str, Any]] | None]


def org_upsert(
    state: EmulatorState,
    *,
    host: str,
    client_id: str,
    client_secret: str,
    schema: SchemaSpec | None = None,
    api_limit: int = DEFAULT_API_LIMIT,
) -> Org:
    """Create an org on a host, or update its credentials and limit, keeping its records.

    A schema spec (see schema.schema_build) replaces the org's schema; None keeps it (the
    full default for a new org).
    """
    host = host.lower()
    org = state.org_get(host)
    if org is None:
        state.pod_seq += 1
        org = Org(
            host=host,
            pod=state.pod_seq,
            org_id=id_make(KEY_PREFIXES["Organization"], pod=state.pod_seq, number=0),
            client_id=client_id,
            client_secret=client_secret,
            schema=schema_build(schema),
            api_limit=api_limit,
        )
        _seed(org)
        state.orgs[host] = org
    else:
        org.client_id, org.client_secret, org.api_limit = client_id, client_secret, api_limit
        if schema is not None:
            org.schema = schema_build(schema)
    state.mark_dirty()
    return org


def _seed(org: Org) -> None:
    """Add the users (the integration user first) and a lead queue every org starts with."""
    stem = org.host.split(".")[0]
    for first, last, username, active in SEED_USERS:
        user_id = org.new_id("User")
        org.integration_user_id = org.integration_user_id or user_id
        org.table("User")[user_id] = _system_record(org, user_id) | {
            "Username": f"{username}@{stem}.example.com",
            "FirstName": first,
            "LastName": last,
            "Name": f"{first} {last}",
            "Email": f"{username}@{stem}.example.com",
            "IsActive": active,
        }
    queue_id = org.new_id("Group")
    org.table("Group")[queue_id] = _system_record(org, queue_id) | {
        "Name": QUEUE_NAME,
        "DeveloperName": QUEUE_NAME.replace(" ", "_"),
        "Type": "Queue",
    }


def _system_record(org: Org, record_id: str) -> dict[str, Any]:
    moment = org.stamp()
    creator = org.integration_user_id
    return {
        "Id": record_id,
        "IsDeleted": False,
        "CreatedDate": moment,
        "CreatedById": creator,
        "LastModifiedDate": moment,
        "LastModifiedById": creator,
        "SystemModstamp": moment,
    }


def org_reset(org: Org) -> None:
    """Forget records, tokens, counters, jobs and faults; keep credentials, schema and users."""
    org.records = {name: org.table(name) for name in SYSTEM_OBJECTS}
    org.api_used = org.token_requests = org.bulk_batches_used = 0
    org.endpoint_counts.clear()
    org.tokens.clear()
    org.bulk_jobs.clear()
    org.cursors.clear()
    org.indexes.clear()
    org.faults = faults_default()


def org_summary(org: Org) -> dict[str, Any]:
    """Describe an org for the control API: ids, credentials' client id, users and queues."""
    users = org.table("User").values()
    return {
        "host": org.host,
        "org_id": org.org_id,
        "client_id": org.client_id,
        "integration_user_id": org.integration_user_id,
        "api_limit": org.api_limit,
        "api_requests": org.api_used,
        "users": [
            {key: user[key] for key in ("Id", "Name", "Username", "IsActive")} for user in users
        ],
        "queues": [
            {"Id": group["Id"], "Name": group["Name"]}
            for group in org.table("Group").values()
            if group["Type"] == "Queue"
        ],
        "objects": list(org.schema),
        "record_counts": {
            name: sum(1 for record in org.table(name).values() if not record["IsDeleted"])
            for name in org.schema
            if name not in SYSTEM_OBJECTS
        },
    }


def org_stats(org: Org) -> dict[str, Any]:
    """Return API usage: requests used and allowed, token requests, counts per endpoint."""
    return {
        "api_requests": org.api_used,
        "api_limit": org.api_limit,
        "token_requests": org.token_requests,
        "endpoints": dict(org.endpoint_counts),
        "faults": dict(org.faults),
    }


def records_list(org: Org, sobject: str, *, include_deleted: bool = False) -> list[dict[str, Any]]:
    """Return an object's records, oldest first, as the REST API would show them."""
    obj = org.schema[sobject]
    return [
        record_view(sobject, record, list(obj.fields), "62.0")
        for record in org.table(sobject).values()
        if include_deleted or not record["IsDeleted"]
    ]
