"""The REST resources under /services/data/vXX.X/: one handler per resource and method."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulator import bulk
from emulator.describe import global_describe, object_basic_info, object_describe
from emulator.faults import fault_take
from emulator.ids import id_to_18
from emulator.limits import limits_view
from emulator.queries import query, query_more
from emulator.records import (
    WriteResult,
    external_id_field_check,
    object_get,
    record_delete,
    record_find_by_external_id,
    record_insert,
    record_update,
    record_upsert,
    record_view,
    records_write_all,
)
from emulator.state import Org
from emulator.validation import (
    RequestError,
    field_names_canonical,
    fields_canonical,
    record_error,
)
from emulator.wire import Reply, Request, reply_empty, reply_json

COLLECTION_LIMIT = 200


@dataclass
class Context:
    """One authenticated REST call: the org, the request, the API version, the running user."""

    org: Org
    request: Request
    api_version: str
    user_id: str

    def body(self) -> Any:
        try:
            return self.request.json()
        except ValueError as error:
            raise RequestError(400, "JSON_PARSER_ERROR", f"Unexpected character: {error}") from None


Handler = Callable[[Context, dict[str, str]], Reply]


def _not_found() -> RequestError:
    return RequestError(404, "NOT_FOUND", "The requested resource does not exist")


def _errors_reply(result: WriteResult) -> Reply:
    """Answer a failed single-record write with the request-level error list."""
    body = []
    for error in result.errors:
        item = {"message": error["message"], "errorCode": error["statusCode"]}
        item["fields"] = error["fields"]
        if "duplicateResult" in error:
            item["duplicateResult"] = error["duplicateResult"]
        body.append(item)
    return reply_json(400, body)


def _limits(ctx: Context, _: dict[str, str]) -> Reply:
    return reply_json(200, limits_view(ctx.org))


def _describe_global(ctx: Context, _: dict[str, str]) -> Reply:
    return reply_json(200, global_describe(ctx.org.schema, ctx.api_version))


def _describe(ctx: Context, params: dict[str, str]) -> Reply:
    return reply_json(200, object_describe(object_get(ctx.org, params["obj"]), ctx.api_version))


def _basic_info(ctx: Context, params: dict[str, str]) -> Reply:
    return reply_json(200, object_basic_info(object_get(ctx.org, params["obj"]), ctx.api_version))


def _create(ctx: Context, params: dict[str, str]) -> Reply:
    body = ctx.body()
    if not isinstance(body, dict):
        raise RequestError(400, "JSON_PARSER_ERROR", "Cannot deserialize a non-object body")
    result = record_insert(ctx.org, params["obj"], body, user_id=ctx.user_id)
    if not result.success:
        return _errors_reply(result)
    return reply_json(201, result.as_json(with_created=False))


def _live_record(ctx: Context, sobject: str, raw_id: str) -> dict[str, Any]:
    object_get(ctx.org, sobject)
    record_id = id_to_18(raw_id)
    if record_id is None:
        raise RequestError(
            404,
            "NOT_FOUND",
            f"Provided external ID field does not exist or is not accessible: {raw_id}",
        )
    record = ctx.org.table(sobject).get(record_id)
    if record is None:
        raise _not_found()
    if record["IsDeleted"]:
        raise RequestError(404, "ENTITY_IS_DELETED", "entity is deleted")
    return record


def _fields_param(ctx: Context, sobject: str) -> list[str]:
    obj = object_get(ctx.org, sobject)
    wanted = ctx.request.param("fields")
    if not wanted:
        return list(obj.fields)
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    return field_names_canonical(obj, names)


def _get(ctx: Context, params: dict[str, str]) -> Reply:
    record = _live_record(ctx, params["obj"], params["id"])
    fields = _fields_param(ctx, params["obj"])
    return reply_json(200, record_view(params["obj"], record, fields, ctx.api_version))


def _update(ctx: Context, params: dict[str, str]) -> Reply:
    record = _live_record(ctx, params["obj"], params["id"])
    body = ctx.body() or {}
    result = record_update(ctx.org, params["obj"], record["Id"], body, user_id=ctx.user_id)
    return reply_empty() if result.success else _errors_reply(result)


def _delete(ctx: Context, params: dict[str, str]) -> Reply:
    record = _live_record(ctx, params["obj"], params["id"])
    record_delete(ctx.org, params["obj"], record["Id"], user_id=ctx.user_id)
    return reply_empty()


def _get_by_external_id(ctx: Context, params: dict[str, str]) -> Reply:
    ext_field = external_id_field_check(ctx.org, params["obj"], params["field"])
    found = record_find_by_external_id(ctx.org, params["obj"], ext_field, params["value"])
    if found is None:
        raise _not_found()
    record = ctx.org.table(params["obj"])[found]
    fields = _fields_param(ctx, params["obj"])
    return reply_json(200, record_view(params["obj"], record, fields, ctx.api_version))


def _upsert(ctx: Context, params: dict[str, str]) -> Reply:
    sobject, ext_field = params["obj"], params["field"]
    external_id_field_check(ctx.org, sobject, ext_field)
    body = ctx.body() or {}
    result = record_upsert(ctx.org, sobject, ext_field, params["value"], body, user_id=ctx.user_id)
    if not result.success:
        return _errors_reply(result)
    # API 46.0 and later answer an update with 200 and a body; older versions with 204.
    if not result.created and float(ctx.api_version) < 46:
        return reply_empty()
    return reply_json(201 if result.created else 200, result.as_json(with_created=True))


def _collection(ctx: Context, sobject: str | None) -> tuple[list[dict[str, Any]], bool]:
    """Validate a collections body; unknown fields and bad shapes refuse the whole request.

    The records come back under the API names of their object and fields, whatever the case
    the client wrote them in.
    """
    body = ctx.body()
    records = body.get("records") if isinstance(body, dict) else None
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise RequestError(400, "JSON_PARSER_ERROR", "records must be a list of sObjects")
    if len(records) > COLLECTION_LIMIT:
        raise RequestError(
            400,
            "EXCEEDED_ID_LIMIT",
            "record limit reached. cannot submit more than 200 records into this call",
        )
    named = []
    for record in records:
        attributes = record.get("attributes") or {}
        if not attributes.get("type"):
            raise RequestError(400, "INVALID_TYPE", "Must send a concrete entity type.")
        obj = object_get(ctx.org, sobject or attributes["type"])
        named.append(
            {**fields_canonical(obj, record), "attributes": {**attributes, "type": obj.name}}
        )
    return named, bool(body.get("allOrNone", False))


def _locked(count: int) -> list[dict[str, Any]]:
    error = record_error(
        "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records"
    )
    return [{"success": False, "errors": [error]} for _ in range(count)]


def _collections_create(ctx: Context, _: dict[str, str]) -> Reply:
    records, all_or_none = _collection(ctx, None)
    if fault_take(ctx.org, "lock_row"):
        return reply_json(200, _locked(len(records)))

    def write(record: dict[str, Any]) -> Callable[[], WriteResult]:
        kind = record["attributes"]["type"]
        return lambda: record_insert(ctx.org, kind, record, user_id=ctx.user_id)

    kinds = {record["attributes"]["type"] for record in records}
    results = _write_each(ctx, kinds, [write(record) for record in records], all_or_none)
    return reply_json(200, [result.as_json(with_created=False) for result in results])


def _collections_update(ctx: Context, _: dict[str, str]) -> Reply:
    records, all_or_none = _collection(ctx, None)
    if fault_take(ctx.org, "lock_row"):
        return reply_json(200, _locked(len(records)))

    def write(record: dict[str, Any]) -> Callable[[], WriteResult]:
        kind, raw_id = record["attributes"]["type"], record.get("Id")
        values = {name: value for name, value in record.items() if name != "Id"}
        if not raw_id:
            error = record_error("MISSING_ARGUMENT", "Id not specified in an update call")
            return lambda: WriteResult(errors=[error])
        record_id = id_to_18(raw_id)
        if record_id is None:
            error = record_error("MALFORMED_ID", f"malformed id {raw_id}")
            return lambda: WriteResult(errors=[error])
        return lambda: record_update(ctx.org, kind, record_id, values, user_id=ctx.user_id)

    kinds = {record["attributes"]["type"] for record in records}
    results = _write_each(ctx, kinds, [write(record) for record in records], all_or_none)
    return reply_json(200, [result.as_json(with_created=False) for result in results])


def _collections_upsert(ctx: Context, params: dict[str, str]) -> Reply:
    sobject = params["obj"]
    ext_field = external_id_field_check(ctx.org, sobject, params["field"])
    records, all_or_none = _collection(ctx, sobject)
    if fault_take(ctx.org, "lock_row"):
        return reply_json(200, _locked(len(records)))
    keys = [str(record.get(ext_field) or "").casefold() for record in records]
    repeated = {key for key in keys if key and keys.count(key) > 1}

    def write(record: dict[str, Any], key: str) -> Callable[[], WriteResult]:
        if key in repeated:
            message = f"Duplicate external id specified: {record.get(ext_field)}"
            return lambda: WriteResult(errors=[record_error("DUPLICATE_EXTERNAL_ID", message)])
        values = {name: value for name, value in record.items() if name != ext_field}
        return lambda: record_upsert(
            ctx.org, sobject, ext_field, record.get(ext_field), values, user_id=ctx.user_id
        )

    writes = [write(record, key) for record, key in zip(records, keys, strict=True)]
    results = _write_each(ctx, {sobject}, writes, all_or_none)
    return reply_json(200, [result.as_json(with_created=True) for result in results])


def _write_each(
    ctx: Context, kinds: set[str], writes: list[Callable[[], WriteResult]], all_or_none: bool
) -> list[WriteResult]:
    return records_write_all(ctx.org, kinds, writes, all_or_none=all_or_none)


def _bulk_create(ctx: Context, _: dict[str, str]) -> Reply:
    info = bulk.job_create(ctx.org, ctx.body(), user_id=ctx.user_id, api_version=ctx.api_version)
    return reply_json(200, info)


def _bulk_info(ctx: Context, params: dict[str, str]) -> Reply:
    return reply_json(200, bulk.job_info(ctx.org, params["job"]))


def _bulk_state(ctx: Context, params: dict[str, str]) -> Reply:
    state = (ctx.body() or {}).get("state")
    return reply_json(200, bulk.job_state_set(ctx.org, params["job"], state, user_id=ctx.user_id))


def _bulk_delete(ctx: Context, params: dict[str, str]) -> Reply:
    bulk.job_get(ctx.org, params["job"])
    del ctx.org.bulk_jobs[params["job"]]
    return reply_empty()


def _bulk_upload(ctx: Context, params: dict[str, str]) -> Reply:
    bulk.job_upload(ctx.org, params["job"], ctx.request.body.decode("utf-8"))
    return reply_empty(201)


def _bulk_results(ctx: Context, params: dict[str, str]) -> Reply:
    text = bulk.job_results(ctx.org, params["job"], params["kind"])
    return Reply(200, text.encode("utf-8"), content_type="text/csv")


_OBJ, _ID, _JOB = r"(?P<obj>\w+)", r"(?P<id>\w+)", r"jobs/ingest/(?P<job>\w+)"
_EXT = rf"sobjects/{_OBJ}/(?P<field>\w+)/(?P<value>[^/]+)"
_UPSERT_MANY = rf"composite/sobjects/{_OBJ}/(?P<field>\w+)"
_RESULTS = rf"{_JOB}/(?P<kind>successfulResults|failedResults|unprocessedrecords)"
_MORE = r"(?P<kind>query|queryAll)/(?P<locator>\w+)-(?P<start>\d+)"
# (method, path pattern, endpoint name counted in the org's stats, handler); first match wins.
ROUTES: list[tuple[str, str, str, Handler]] = [
    ("GET", r"limits", "limits", _limits),
    ("GET", r"sobjects", "describe_global", _describe_global),
    ("GET", rf"sobjects/{_OBJ}/describe", "describe", _describe),
    ("GET", rf"sobjects/{_OBJ}", "sobject_info", _basic_info),
    ("POST", rf"sobjects/{_OBJ}", "sobject_create", _create),
    ("GET", rf"sobjects/{_OBJ}/{_ID}", "sobject_get", _get),
    ("PATCH", rf"sobjects/{_OBJ}/{_ID}", "sobject_update", _update),
    ("DELETE", rf"sobjects/{_OBJ}/{_ID}", "sobject_delete", _delete),
    ("GET", _EXT, "sobject_get_by_external_id", _get_by_external_id),
    ("PATCH", _EXT, "sobject_upsert", _upsert),
    ("POST", r"composite/sobjects", "collections_create", _collections_create),
    ("PATCH", r"composite/sobjects", "collections_update", _collections_update),
    ("PATCH", _UPSERT_MANY, "collections_upsert", _collections_upsert),
    ("GET", r"query", "query", lambda ctx, p: query(ctx, p, include_deleted=False)),
    ("GET", r"queryAll", "query_all", lambda ctx, p: query(ctx, p, include_deleted=True)),
    ("GET", _MORE, "query_more", query_more),
    ("POST", r"jobs/ingest", "bulk_create", _bulk_create),
    ("GET", _JOB, "bulk_info", _bulk_info),
    ("PATCH", _JOB, "bulk_state", _bulk_state),
    ("DELETE", _JOB, "bulk_delete", _bulk_delete),
    ("PUT", rf"{_JOB}/batches", "bulk_upload", _bulk_upload),
    ("GET", _RESULTS, "bulk_results", _bulk_results),
]
_COMPILED = [
    (method, re.compile(rf"{pattern}/?"), name, fn) for method, pattern, name, fn in ROUTES
]


def route_find(method: str, path: str) -> tuple[str, Handler, dict[str, str]]:
    """Find the handler for a path below /services/data/vXX.X/; raise NOT_FOUND or 405."""
    allowed = []
    for route_method, pattern, name, handler in _COMPILED:
        match = pattern.fullmatch(path)
        if match is None:
            continue
        if route_method == method:
            return name, handler, match.groupdict()
        allowed.append(route_method)
    if allowed:
        raise RequestError(
            405,
            "METHOD_NOT_ALLOWED",
            f"HTTP Method '{method}' not allowed. Allowed are {','.join(allowed)}",
        )
    raise _not_found()


def route_dispatch(ctx: Context, handler: Handler, params: dict[str, str]) -> Reply:
    """Run a handler, turning request-level errors into Salesforce's error replies."""
    try:
        if "obj" in params:
            # Object names in paths match in any letter case; handlers see the API name.
            params = {**params, "obj": object_get(ctx.org, params["obj"]).name}
        reply = handler(ctx, params)
    except RequestError as error:
        return reply_json(error.status, error.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return reply_json(400, [{"message": str(error), "errorCode": "JSON_PARSER_ERROR"}])
    reply.changed = ctx.request.method != "GET"
    return reply
