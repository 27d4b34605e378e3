"""A small HTTP client for the emulator's control endpoints, for tests, the demo and pages.

Every function takes the emulator's base URL (e.g. http://127.0.0.1:8790) and raises
EmulatorControlError when the emulator refuses (its JSON body is on the exception).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

TIMEOUT_SECONDS = 10
# The emulator is on loopback: environment proxies must not divert control calls.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EmulatorControlError(Exception):
    """The emulator refused a control request."""

    def __init__(self, status: int, payload: Any) -> None:
        message = payload.get("error") if isinstance(payload, dict) else payload
        super().__init__(f"emulator answered {status}: {message}")
        self.status = status
        self.payload = payload


def _call(base_url: str, method: str, path: str, body: Any = None, **params: str) -> Any:
    url = f"{base_url.rstrip('/')}/__emulator__/{path}"
    if params:
        url += "?" + urlencode(params)
    data = None if body is None else json.dumps(body).encode()
    headers = {} if data is None else {"Content-Type": "application/json"}
    # Only http:// URLs of the emulator are ever passed here.
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            status, content = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    payload = json.loads(content) if content else None
    if status >= 300:
        raise EmulatorControlError(status, payload)
    return payload


def _org_path(host: str, *rest: str) -> str:
    return "/".join(["orgs", quote(host.lower(), safe=""), *rest])


def emulator_ping(base_url: str) -> bool:
    """Tell whether an emulator answers at base_url."""
    try:
        return bool(_call(base_url, "GET", "health")["ok"])
    except (OSError, EmulatorControlError, ValueError):
        return False


def org_create(
    base_url: str,
    *,
    host: str,
    client_id: str,
    client_secret: str,
    schema: Mapping[str, Sequence[str | Mapping[str, Any]] | None] | None = None,
    api_limit: int = 15000,
) -> dict[str, Any]:
    """Create an org on a host, or update its credentials and limit (records are kept).

    Returns the org summary: host, org_id, client_id, integration_user_id, api_limit,
    api_requests, users [{Id, Name, Username, IsActive}], queues [{Id, Name}], objects,
    record_counts. `schema` narrows the default schema (see schema.schema_build); None keeps
    the org's current schema.
    """
    body = {
        "host": host,
        "client_id": client_id,
        "client_secret": client_secret,
        "schema": schema,
        "api_limit": api_limit,
    }
    result: dict[str, Any] = _call(base_url, "POST", "orgs", body)
    return result


def org_get(base_url: str, *, host: str) -> dict[str, Any]:
    """Return one org's summary (as org_create does)."""
    result: dict[str, Any] = _call(base_url, "GET", _org_path(host))
    return result


def orgs_list(base_url: str) -> list[dict[str, Any]]:
    """Return every org's summary."""
    result: list[dict[str, Any]] = _call(base_url, "GET", "orgs")["orgs"]
    return result


def org_delete(base_url: str, *, host: str) -> None:
    """Remove an org entirely."""
    _call(base_url, "DELETE", _org_path(host))


def org_reset(base_url: str, *, host: str) -> dict[str, Any]:
    """Forget an org's records, tokens, usage, jobs and faults; keep credentials and users."""
    result: dict[str, Any] = _call(base_url, "POST", _org_path(host, "reset"))
    return result


def org_faults_set(base_url: str, *, host: str, **switches: Any) -> dict[str, Any]:
    """Set fault switches and return them all.

    Switches: expired_token=True (revoke every token issued so far), token_refused=bool,
    request_limit=bool, status_500=N, status_503=N, lock_row=N, drop_connection=N (close the
    socket before handling the next N calls), drop_response=N (handle them, then close without
    answering), latency_ms=N, bulk_job_seconds=S (how long a closed Bulk API 2.0 job stays
    queued and in progress before it runs; 1 by default, 0 runs it at the next call),
    duplicate_rules={"Lead": ["Email"]}.
    """
    result: dict[str, Any] = _call(base_url, "POST", _org_path(host, "faults"), switches)
    return result


def org_faults_clear(base_url: str, *, host: str) -> dict[str, Any]:
    """Turn every fault switch off."""
    result: dict[str, Any] = _call(base_url, "DELETE", _org_path(host, "faults"))
    return result


def org_stats(base_url: str, *, host: str) -> dict[str, Any]:
    """Return api_requests, api_limit, token_requests, endpoints {name: count} and faults."""
    result: dict[str, Any] = _call(base_url, "GET", _org_path(host, "stats"))
    return result


# The columns a person looks at first when checking what arrived in an org.
SHOWN_FIELDS: dict[str, list[str]] = {
    "Lead": ["Id", "Vendor_Record_Id__c", "LastName", "Company", "Email", "Status", "OwnerId"],
    "Opportunity": ["Id", "Vendor_Record_Id__c", "Name", "StageName", "Amount", "CloseDate"],
}


def org_records(
    base_url: str, *, host: str, sobject: str, include_deleted: bool = False
) -> list[dict[str, Any]]:
    """Return an object's records (every field, with attributes), oldest first."""
    params = {"include_deleted": "1"} if include_deleted else {}
    path = _org_path(host, "records", sobject)
    result: list[dict[str, Any]] = _call(base_url, "GET", path, **params)["records"]
    return result


def org_record_create(
    base_url: str,
    *,
    host: str,
    sobject: str,
    values: Mapping[str, Any],
    as_user: str | None = None,
) -> dict[str, Any]:
    """Create a record as a person in the org would (a partner user unless as_user says)."""
    body = {"values": dict(values), "as_user": as_user}
    result: dict[str, Any] = _call(base_url, "POST", _org_path(host, "records", sobject), body)
    return result


def org_record_update(
    base_url: str,
    *,
    host: str,
    sobject: str,
    record_id: str,
    values: Mapping[str, Any],
    as_user: str | None = None,
) -> dict[str, Any]:
    """Change a record as a partner user in the org would.

    SystemModstamp, LastModifiedDate and LastModifiedById (as_user, or else the first active
    user other than the integration user) are stamped; the record is returned.
    """
    body = {"values": dict(values), "as_user": as_user}
    path = _org_path(host, "records", sobject, record_id)
    result: dict[str, Any] = _call(base_url, "PATCH", path, body)
    return result


def org_record_delete(base_url: str, *, host: str, sobject: str, record_id: str) -> None:
    """Delete a record as a partner user would (it stays visible to queryAll)."""
    _call(base_url, "DELETE", _org_path(host, "records", sobject, record_id))
