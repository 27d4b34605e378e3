"""The control endpoints under /__emulator__/: create orgs, flip faults, read and change records.

They stand for what people do in the org's own UI (or what a test arranges) and are never
counted as API requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from emulator.bulk import jobs_advance
from emulator.faults import FaultInvalid, faults_apply, faults_default
from emulator.orgs import (
    org_reset,
    org_stats,
    org_summary,
    org_upsert,
    records_list,
)
from emulator.records import (
    WriteResult,
    record_delete,
    record_insert,
    record_update,
    record_view,
)
from emulator.state import EmulatorState, Org
from emulator.validation import RequestError
from emulator.wire import Reply, Request, reply_empty, reply_json

PREFIX = "/__emulator__/"
_Handler = Callable[[EmulatorState, Request, dict[str, str]], Reply]


class _ControlError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.payload = {"error": message, **extra}


def _org(state: EmulatorState, params: dict[str, str]) -> Org:
    org = state.org_get(unquote(params["host"]))
    if org is None:
        raise _ControlError(404, f"no emulated org on {params['host']}")
    # Bulk jobs whose time is up have run, whoever looks at the org next.
    jobs_advance(org)
    return org


def _body(request: Request) -> dict[str, Any]:
    try:
        body = request.json() or {}
    except ValueError:
        raise _ControlError(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise _ControlError(400, "the body must be a JSON object")
    return body


def _orgs_list(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    return reply_json(200, {"orgs": [org_summary(org) for org in state.orgs.values()]})


def _org_create(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    body = _body(request)
    try:
        org = org_upsert(
            state,
            host=str(body["host"]),
            client_id=str(body["client_id"]),
            client_secret=str(body["client_secret"]),
            schema=body.get("schema"),
            api_limit=int(body.get("api_limit") or 15000),
        )
    except (KeyError, ValueError) as error:
        raise _ControlError(400, f"cannot create the org: {error}") from None
    return reply_json(200, org_summary(org))


def _org_get(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    return reply_json(200, org_summary(_org(state, params)))


def _org_delete(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    del state.orgs[org.host]
    return reply_empty()


def _org_reset(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    org_reset(org)
    return reply_json(200, org_summary(org))


def _faults_set(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    try:
        return reply_json(200, faults_apply(org, _body(request)))
    except FaultInvalid as error:
        raise _ControlError(400, str(error)) from None


def _faults_clear(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    org.faults = faults_default()
    return reply_json(200, org.faults)


def _stats(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    return reply_json(200, org_stats(_org(state, params)))


def _object(org: Org, params: dict[str, str]) -> str:
    if params["sobject"] not in org.schema:
        raise _ControlError(404, f"{org.host} has no object {params['sobject']}")
    return params["sobject"]


def _records(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    include_deleted = request.param("include_deleted") in ("1", "true")
    records = records_list(org, _object(org, params), include_deleted=include_deleted)
    return reply_json(200, {"records": records})


def _acting_user(org: Org, body: dict[str, Any]) -> str:
    """The user a change is made as: the one named, or the first active partner user."""
    wanted = body.get("as_user")
    users = org.table("User")
    if wanted:
        if wanted not in users:
            raise _ControlError(400, f"{org.host} has no user {wanted}")
        return str(wanted)
    return next(
        user_id
        for user_id, user in users.items()
        if user["IsActive"] and user_id != org.integration_user_id
    )


def _written(org: Org, sobject: str, result: WriteResult, status: int) -> Reply:
    if not result.success:
        raise _ControlError(400, "the org refused the change", errors=result.errors)
    record = org.table(sobject)[str(result.record_id)]
    return reply_json(
        status, record_view(sobject, record, list(org.schema[sobject].fields), "62.0")
    )


def _record_create(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    sobject, body = _object(org, params), _body(request)
    values = body.get("values") or {}
    result = record_insert(org, sobject, values, user_id=_acting_user(org, body))
    return _written(org, sobject, result, 201)


def _record_update(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    sobject, body = _object(org, params), _body(request)
    values = body.get("values") or {}
    result = record_update(org, sobject, params["id"], values, user_id=_acting_user(org, body))
    return _written(org, sobject, result, 200)


def _record_delete(state: EmulatorState, request: Request, params: dict[str, str]) -> Reply:
    org = _org(state, params)
    sobject = _object(org, params)
    if not record_delete(org, sobject, params["id"], user_id=_acting_user(org, {})):
        raise _ControlError(404, f"no live {sobject} {params['id']}")
    return reply_empty()


_HOST = r"orgs/(?P<host>[^/]+)"
_RECORDS = rf"{_HOST}/records/(?P<sobject>\w+)"
_ROUTES: list[tuple[str, re.Pattern[str], _Handler]] = [
    (method, re.compile(pattern), handler)
    for method, pattern, handler in (
        ("GET", r"health", lambda state, request, params: reply_json(200, {"ok": True})),
        ("GET", r"orgs", _orgs_list),
        ("POST", r"orgs", _org_create),
        ("GET", _HOST, _org_get),
        ("DELETE", _HOST, _org_delete),
        ("POST", rf"{_HOST}/reset", _org_reset),
        ("POST", rf"{_HOST}/faults", _faults_set),
        ("DELETE", rf"{_HOST}/faults", _faults_clear),
        ("GET", rf"{_HOST}/stats", _stats),
        ("GET", _RECORDS, _records),
        ("POST", _RECORDS, _record_create),
        ("PATCH", rf"{_RECORDS}/(?P<id>\w+)", _record_update),
        ("DELETE", rf"{_RECORDS}/(?P<id>\w+)", _record_delete),
    )
]


def control_dispatch(state: EmulatorState, request: Request) -> Reply:
    """Answer one control request under the state lock."""
    path = request.path[len(PREFIX) :].rstrip("/")
    for method, pattern, handler in _ROUTES:
        match = pattern.fullmatch(path)
        if match and method == request.method:
            with state.lock:
                try:
                    reply = handler(state, request, match.groupdict())
                except _ControlError as error:
                    return reply_json(error.status, error.payload)
                except RequestError as error:
                    return reply_json(
                        error.status, {"error": error.message, "errors": error.body()}
                    )
                if request.method != "GET":
                    state.mark_dirty()
                return reply
    return reply_json(404, {"error": f"no control endpoint {request.method} {request.path}"})
