"""SOQL over REST: query and queryAll, their pages, and the batch size a client asks for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from emulator.records import record_view
from emulator.soql import query_parse, query_run
from emulator.validation import RequestError
from emulator.wire import Reply, reply_json

if TYPE_CHECKING:
    from emulator.rest import Context

# Sforce-Query-Options: batchSize=N is a hint Salesforce keeps within these bounds.
QUERY_BATCH_SIZE = 2000
QUERY_BATCH_MIN = 200
_BATCH_OPTION = re.compile(r"^\s*batchSize\s*=\s*(?P<size>[^,;\s]*)\s*$", re.IGNORECASE)


def query(ctx: Context, params: dict[str, str], *, include_deleted: bool) -> Reply:
    """A query or queryAll: its first page, with nextRecordsUrl when more rows remain."""
    text = ctx.request.param("q")
    if not text:
        raise RequestError(400, "MALFORMED_QUERY", "A query string has to be specified")
    parsed = query_parse(ctx.org, text)
    rows = query_run(ctx.org, parsed, include_deleted=include_deleted)
    views = [record_view(parsed.obj.name, row, parsed.fields, ctx.api_version) for row in rows]
    size = _batch_size(ctx) or QUERY_BATCH_SIZE
    return _query_page(ctx, views, 0, size, "queryAll" if include_deleted else "query")


def _batch_size(ctx: Context) -> int | None:
    """Read batchSize from Sforce-Query-Options, kept within Salesforce's 200 to 2,000."""
    header = ctx.request.header("Sforce-Query-Options")
    if not header.strip():
        return None
    for option in header.split(","):
        match = _BATCH_OPTION.match(option)
        if match is None:
            continue
        if not match["size"].isdigit():
            raise RequestError(
                400,
                "INVALID_QUERY_OPTIONS",
                f"Sforce-Query-Options: batchSize must be a whole number, not {match['size']!r}",
            )
        return min(max(int(match["size"]), QUERY_BATCH_MIN), QUERY_BATCH_SIZE)
    return None


def _query_page(
    ctx: Context, views: list[dict[str, Any]], start: int, size: int, kind: str
) -> Reply:
    page = views[start : start + size]
    body: dict[str, Any] = {"totalSize": len(views), "done": True, "records": page}
    if start + size < len(views):
        locator = ctx.org.new_id("QueryLocator")
        ctx.org.cursors[locator] = (views, size)
        body["done"] = False
        body["nextRecordsUrl"] = (
            f"/services/data/v{ctx.api_version}/{kind}/{locator}-{start + size}"
        )
    return reply_json(200, body)


def query_more(ctx: Context, params: dict[str, str]) -> Reply:
    """A later page of a query, from the locator its previous page gave."""
    cursor = ctx.org.cursors.get(params["locator"])
    if cursor is None:
        raise RequestError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    views, size = cursor
    start = int(params["start"])
    if start > len(views):
        raise RequestError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    # A page keeps the batch size the query started with unless this request names another.
    return _query_page(ctx, views, start, _batch_size(ctx) or size, params["kind"])
