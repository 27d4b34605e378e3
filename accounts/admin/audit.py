"""The audit trail in admin: filters by model, action, actor and date, and CSV downloads."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import capfirst

from core.admin import LargeTableAdmin, autocomplete_filter
from core.tabular import cell_text, csv_lines

# Characters of field labels the list shows before "…"; the entry's page shows them all.
SHORT_CHANGES = 80

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


def resource_type_name(content_type: ContentType) -> str:
    """What kind of thing changed, in words: "Lead share with a company", not the table name."""
    model = content_type.model_class()
    if model is None:
        return str(content_type.model)
    name = model.__name__
    for suffix, target in (
        ("GroupObjectPermission", "company"),
        ("UserObjectPermission", "person"),
    ):
        if name.endswith(suffix):
            return f"{name.removesuffix(suffix)} share with a {target}"
    return str(capfirst(model._meta.verbose_name))


class ResourceTypeNameFilter(ResourceTypeFilter):
    """auditlog's resource type filter, with the types named in words."""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[int, str]]:
        ids = {pk for pk, _ in super().lookups(request, model_admin)}
        types = ContentType.objects.filter(pk__in=ids)
        return sorted(((t.pk, resource_type_name(t)) for t in types), key=lambda pair: pair[1])


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditTrailAdmin(LogEntryAdmin, LargeTableAdmin):
    """auditlog's read-only log, filterable by actor and date, downloadable as CSV."""

    list_display = [
        "created",
        "resource_type",
        "resource_url",
        "action",
        "msg_short",
        "user_url",
        "remote_addr",
    ]

    # auditlog's own admin has a date hierarchy on the timestamp: a DISTINCT over the whole log.
    # The timestamp filter in the sidebar narrows by date instead.
    date_hierarchy = None

    @admin.display(description="Changes")
    def msg_short(self, obj: LogEntry) -> str:
        """The changed fields by their labels ("2 changes: Role, Can export"), not column names."""
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        names = [str(get_field_verbose_name(obj, name)) for name in obj.changes_dict]
        shown = ", ".join(names)
        if len(shown) > SHORT_CHANGES:
            shown = shown[: shown.rfind(", ", 0, SHORT_CHANGES)] + ", …"
        return f"{len(names)} change{'' if len(names) == 1 else 's'}: {shown}"

    @admin.display(description="Resource type", ordering="content_type__model")
    def resource_type(self, obj: LogEntry) -> str:
        return resource_type_name(obj.content_type)

    list_filter = [
        "action",
        ResourceTypeNameFilter,
        autocomplete_filter("actor"),
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
