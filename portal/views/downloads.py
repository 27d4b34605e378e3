"""Downloads of the current list view as CSV or XLSX."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

import tablib
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.listviews import ListSpec, ListState, row_values
from portal.views.lists import MAX_DOWNLOAD_ROWS, list_query, spec_or_404

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    """A file-like sink whose write returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A value safe for a spreadsheet: text that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(_cell(value))


def _labels(spec: ListSpec, state: ListState) -> list[str]:
    return [spec.column(key).label for key in state.columns]  # type: ignore[union-attr]


def _csv_lines(spec: ListSpec, state: ListState, rows: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the file as UTF-8
    yield writer.writerow(_labels(spec, state))
    for record in rows.iterator(chunk_size=2000):
        yield writer.writerow([_text(v) for v in row_values(spec, state, record)])


def _xlsx(spec: ListSpec, state: ListState, rows: QuerySet) -> bytes:
    data = tablib.Dataset(headers=_labels(spec, state), title=spec.label_plural)
    for record in rows.iterator(chunk_size=2000):
        data.append([_cell(v) for v in row_values(spec, state, record)])
    return data.export("xlsx")


def _selected_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.GET.getlist("selected") if v.isdigit()]


@login_required
@require_GET
def record_download(request: HttpRequest, object_type: str) -> HttpResponse:
    """The rows of the current view (or the selected ones) with its columns, at most 50,000."""
    spec = spec_or_404(object_type)
    kind = request.GET.get("format", "csv")
    if kind not in CONTENT_TYPES:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    state, rows = list_query(request, spec)
    selected = _selected_ids(request)
    if selected:
        # Still the selector's queryset: a selected id the user cannot see yields nothing.
        rows = rows.filter(pk__in=selected)
    rows = rows[:MAX_DOWNLOAD_ROWS]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{spec.label_plural.lower()}-{stamp}.{kind}"
    response: HttpResponse | StreamingHttpResponse
    if kind == "csv":
        response = StreamingHttpResponse(
            _csv_lines(spec, state, rows), content_type=CONTENT_TYPES[kind]
        )
    else:
        response = HttpResponse(_xlsx(spec, state, rows), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response  # type: ignore[return-value]
