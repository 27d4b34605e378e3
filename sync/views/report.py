"""The partner admin's status report on the partner site: rows, filters, CSV, re-export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.ids import parse_ids
from portal.views.common import user_of
from sync.models import Connection, InboundStatus, ObjectType, OutboundStatus
from sync.selectors.report import (
    FAILED_OUTBOUND,
    report_csv_lines,
    report_maps,
    report_rows,
)
from sync.services.export.chunk import record_id_of
from sync.services.export.start import export_start
from sync.statuses import INBOUND, OUTBOUND
from sync.views.common import setup_connection_or_page

ROWS_PER_PAGE = 50
FILTERS = {
    "object_type": ObjectType,
    "outbound_status": OutboundStatus,
    "inbound_status": InboundStatus,
}


def _filters(request: HttpRequest) -> dict[str, str]:
    """The valid filters of the query string; unknown values are ignored."""
    return {
        name: request.GET[name]
        for name, choices in FILTERS.items()
        if request.GET.get(name) in choices.values
    }


def _csv(request: HttpRequest, connection: Connection, filters: dict[str, str]) -> Any:
    maps = list(report_maps(connection_id=connection.pk, filters=filters))
    rows = report_rows(viewer=user_of(request), maps=maps)
    response = StreamingHttpResponse(report_csv_lines(rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="status-report.csv"'
    return response


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The company connection's record maps with statuses and what to do; CSV on request."""
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    filters = _filters(request)
    if request.GET.get("format") == "csv":
        return _csv(request, connection, filters)
    maps = report_maps(connection_id=connection.pk, filters=filters)
    page = Paginator(maps, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode(filters)
    rows = report_rows(viewer=user_of(request), maps=list(page.object_list))
    context = {
        "connection": connection,
        "page": page,
        "rows": rows,
        "any_failed": any(row.failed for row in rows),
        "filters": filters,
        "query": query,
        "choices": {
            "object_type": ObjectType.choices,
            "outbound_status": [(code, label) for code, (label, _) in OUTBOUND.items()],
            "inbound_status": [(code, label) for code, (label, _) in INBOUND.items()],
        },
    }
    return render(request, "sync/report_list.html", context)


@login_required
@require_POST
def report_reexport(request: HttpRequest) -> HttpResponse:
    """Re-export the selected failed rows, one export per object, as the partner admin."""
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    ids, _ = parse_ids(request.POST.getlist("selected"))
    maps = report_maps(connection_id=connection.pk).filter(FAILED_OUTBOUND, pk__in=ids)
    by_object: dict[str, list[int]] = {}
    for record_map in maps:
        by_object.setdefault(record_map.object_type, []).append(record_id_of(record_map))
    if not by_object:
        messages.error(request, "Select at least one failed row to re-export.")
    for object_type, record_ids in by_object.items():
        _reexport(request, object_type, record_ids)
    return redirect("sync:report-list")


def _reexport(request: HttpRequest, object_type: str, record_ids: list[int]) -> None:
    try:
        job = export_start(actor=user_of(request), object_type=object_type, record_ids=record_ids)
    except DomainError as error:
        messages.error(request, error.message)
        return
    noun = ObjectType(object_type).label.lower() + pluralize(job.size)
    messages.success(request, f"Re-export of {job.size} {noun} started.")
