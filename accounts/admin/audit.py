"""The audit trail in admin: filters by model, action, actor and date, and CSV downloads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import URLPattern, path
from django.utils import timezone

from core.tabular import cell_text, csv_lines

CSV_HEADER = [
    "Time",
    "Actor",
    "Source IP",
    "Action",
    "Model",
    "Object id",
    "Object",
    "Changes",
    "Details",
]


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str) if value else ""


def log_entry_row(entry: LogEntry) -> list[str]:
    """One CSV row of an entry; text that a spreadsheet would run as a formula is quoted."""
    values = [
        entry.timestamp.isoformat(sep=" "),
        entry.actor_email or (str(entry.actor) if entry.actor else ""),
        entry.remote_addr or "",
        entry.get_action_display(),
        f"{entry.content_type.app_label}.{entry.content_type.model}",
        entry.object_pk,
        entry.object_repr,
        _json(entry.changes),
        _json(entry.additional_data),
    ]
    return [cell_text(value) for value in values]


def log_entries_csv(entries: Iterable[LogEntry]) -> Iterator[str]:
    """The lines of a CSV file of entries, with a byte-order mark for spreadsheet programs."""
    return csv_lines(CSV_HEADER, (log_entry_row(entry) for entry in entries))


def _download(entries: QuerySet[LogEntry]) -> StreamingHttpResponse:
    rows = entries.select_related("content_type", "actor").order_by("-timestamp", "-pk")
    response = StreamingHttpResponse(
        log_entries_csv(rows.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditTrailAdmin(LogEntryAdmin):
    """auditlog's read-only log, filterable by actor and date, downloadable as CSV."""

    list_filter = [
        "action",
        ResourceTypeFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("timestamp", admin.DateFieldListFilter),
    ]
    actions = ["download_selected"]

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "download/",
            self.admin_site.admin_view(self.download_view),
            name="auditlog_logentry_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The entries the change list shows with its current filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return _download(changelist.get_queryset(request))

    @admin.action(description="Download selected as CSV", permissions=["view"])
    def download_selected(
        self, request: HttpRequest, queryset: QuerySet[LogEntry]
    ) -> StreamingHttpResponse:
        return _download(queryset)
