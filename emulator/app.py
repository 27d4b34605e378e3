"""Routing of every request: control endpoints, the OAuth token endpoint and the REST API.

The org is picked by the X-Emulator-Host header (set by transport.EmulatorAdapter), falling
back to Host. An unknown host answers 404 with a JSON body naming it, on the token endpoint as
`{"error": "not_found", ...}` (simple-salesforce raises SalesforceAuthenticationFailed) and on
the REST API as NOT_FOUND.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import time
from urllib.parse import parse_qs

from emulator.bulk import jobs_advance
from emulator.control_api import PREFIX as CONTROL_PREFIX
from emulator.control_api import control_dispatch
from emulator.faults import fault_take
from emulator.rest import Context, route_dispatch, route_find
from emulator.state import EmulatorState, Org
from emulator.validation import RequestError
from emulator.wire import Reply, Request, reply_error, reply_json

TOKEN_PATH = "/services/oauth2/token"
DATA_PREFIX = "/services/data/"
_VERSIONED = re.compile(r"v(?P<version>\d+\.\d+)/(?P<path>.*)")
SUPPORTED_VERSIONS = ("58.0", "59.0", "60.0", "61.0", "62.0")


def dispatch(state: EmulatorState, request: Request) -> Reply:
    """Answer one request (the caller applies the reply's delay and drop)."""
    if request.path.startswith(CONTROL_PREFIX):
        return control_dispatch(state, request)
    with state.lock:
        org = state.org_get(request.host)
        if org is not None:
            jobs_advance(org)
        if request.path.rstrip("/") == TOKEN_PATH:
            reply = _token(org, request)
        elif request.path.startswith(DATA_PREFIX):
            reply = _data(org, request)
        else:
            reply = reply_error(404, "NOT_FOUND", "The requested resource does not exist")
        if org is not None:
            reply.delay_ms = int(org.faults["latency_ms"])
            state.mark_dirty()
    return reply


def _client_credentials(request: Request) -> tuple[str, str]:
    """Read the client id and secret from the form body, or else from HTTP Basic auth."""
    form = parse_qs(request.body.decode("utf-8", "replace"))
    client_id = (form.get("client_id") or [""])[0]
    client_secret = (form.get("client_secret") or [""])[0]
    authorization = request.header("Authorization")
    if not client_id and authorization.startswith("Basic "):
        try:
            decoded = base64.b64decode(authorization[6:]).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, client_secret = decoded.partition(":")
    return client_id, client_secret


def _oauth_error(status: int, error: str, description: str) -> Reply:
    return reply_json(status, {"error": error, "error_description": description})


def _token(org: Org | None, request: Request) -> Reply:
    """The client-credentials flow of an External Client App."""
    if org is None:
        return _oauth_error(404, "not_found", f"no emulated org is served on {request.host}")
    org.token_requests += 1
    form = parse_qs(request.body.decode("utf-8", "replace"))
    if request.method != "POST" or form.get("grant_type") != ["client_credentials"]:
        return _oauth_error(400, "unsupported_grant_type", "grant type not supported")
    if _client_credentials(request) != (org.client_id, org.client_secret):
        return _oauth_error(400, "invalid_client", "invalid client credentials")
    if org.faults["token_refused"]:
        return _oauth_error(400, "invalid_grant", "authentication failure")
    token = f"{org.org_id[:15]}!{secrets.token_urlsafe(40)}"
    org.token_add(token)
    return reply_json(
        200,
        {
            "access_token": token,
            "signature": secrets.token_urlsafe(32),
            "scope": "api",
            "instance_url": f"https://{org.host}",
            "id": f"https://login.salesforce.com/id/{org.org_id}/{org.integration_user_id}",
            "token_type": "Bearer",
            "issued_at": str(int(time.time() * 1000)),
        },
    )


def _versions() -> Reply:
    return reply_json(
        200,
        [
            {"label": f"v{version}", "url": f"/services/data/v{version}", "version": version}
            for version in SUPPORTED_VERSIONS
        ],
    )


def _data(org: Org | None, request: Request) -> Reply:
    """Authenticate, account for and run one REST call, with the org's faults applied."""
    rest = request.path[len(DATA_PREFIX) :]
    if rest.strip("/") == "":
        return _versions()
    match = _VERSIONED.fullmatch(rest)
    if match is None:
        return reply_error(404, "NOT_FOUND", "The requested resource does not exist")
    if org is None:
        return reply_error(404, "NOT_FOUND", f"no emulated org is served on {request.host}")
    token = request.header("Authorization").removeprefix("Bearer ").strip()
    if token not in org.tokens:
        return reply_error(401, "INVALID_SESSION_ID", "Session expired or invalid")
    if org.faults["request_limit"] or org.api_used >= org.api_limit:
        reply = reply_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        return _with_usage(org, reply)
    return _with_usage(org, _counted_call(org, request, match["version"], match["path"]))


def _counted_call(org: Org, request: Request, version: str, path: str) -> Reply:
    """Count the call, apply the failure switches, then run the resource's handler."""
    try:
        name, handler, params = route_find(request.method, path)
        refusal: RequestError | None = None
    except RequestError as error:
        name, handler, params, refusal = "unknown", _unrouted, {}, error
    org.api_used += 1
    org.endpoint_counts[name] = org.endpoint_counts.get(name, 0) + 1
    if fault_take(org, "drop_connection"):
        return Reply(0, drop=True)
    if fault_take(org, "status_500"):
        return reply_error(
            500,
            "UNKNOWN_EXCEPTION",
            "An unexpected error occurred. Please include this ErrorId if you contact support: "
            f"{secrets.randbelow(10**9)}-{secrets.randbelow(10**5)} (-{secrets.randbelow(10**9)})",
        )
    if fault_take(org, "status_503"):
        return reply_error(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable")
    if refusal is not None:
        return reply_json(refusal.status, refusal.body())
    context = Context(org, request, api_version=version, user_id=org.integration_user_id)
    reply = route_dispatch(context, handler, params)
    reply.drop = fault_take(org, "drop_response")
    return reply


def _unrouted(ctx: Context, params: dict[str, str]) -> Reply:
    raise AssertionError("an unrouted call never reaches a handler")


def _with_usage(org: Org, reply: Reply) -> Reply:
    reply.headers["Sforce-Limit-Info"] = f"api-usage={org.api_used}/{org.api_limit}"
    return reply
