"""Downloads of the current list view as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.ids import parse_ids
from core.tabular import csv_lines, xlsx_file
from portal.listviews import ListSpec, ListState, row_values
from portal.views.lists import MAX_DOWNLOAD_ROWS, list_query, spec_or_404

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _labels(spec: ListSpec, state: ListState) -> list[str]:
    return [spec.column(key).label for key in state.columns]  # type: ignore[union-attr]


def _values(spec: ListSpec, state: ListState, rows: QuerySet) -> Iterator[list[Any]]:
    for record in rows.iterator(chunk_size=2000):
        yield row_values(spec, state, record)


def _selected_ids(request: HttpRequest) -> tuple[list[int], list[str]]:
    return parse_ids(request.GET.getlist("selected"))


@login_required
@require_GET
def record_download(request: HttpRequest, object_type: str) -> HttpResponseBase:
    """The rows of the current view (or the selected ones) with its columns, at most 50,000."""
    spec = spec_or_404(object_type)
    kind = request.GET.get("format", "csv")
    if kind not in CONTENT_TYPES:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    state, rows = list_query(request, spec)
    selected, bad = _selected_ids(request)
    if bad:
        return HttpResponseBadRequest(f"{bad[0][:40]!r} is not a record id; select rows again.")
    if state.ignored:
        label, value = next(iter(state.ignored.items()))
        return HttpResponseBadRequest(f"The {label} filter cannot be {value[:40]!r}; change it.")
    if selected:
        # Still the selector's queryset: a selected id the user cannot see yields nothing.
        rows = rows.filter(pk__in=selected)
    rows = rows[:MAX_DOWNLOAD_ROWS]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{spec.label_plural.lower()}-{stamp}.{kind}"
    response: StreamingHttpResponse
    if kind == "csv":
        lines = csv_lines(_labels(spec, state), _values(spec, state, rows))
        response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        workbook = xlsx_file(
            _labels(spec, state), _values(spec, state, rows), title=spec.label_plural
        )
        response = FileResponse(
            workbook, content_type=CONTENT_TYPES[kind], as_attachment=True, filename=filename
        )
    return response
