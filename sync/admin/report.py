"""The record map changelist as the vendor admins' status report, with its CSV download."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import URLPattern, path
from django.utils.html import format_html

from accounts.models import User
from core.admin import autocomplete_filter
from sync.admin.export import ReadOnlyAdmin
from sync.models import RecordMap
from sync.selectors.report import ReportRow, report_csv_lines, report_maps, report_rows


class ReportChangeList(ChangeList):
    """Builds the page's report rows in a constant number of queries after the page is read."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        viewer = request.user
        assert isinstance(viewer, User)
        for row in report_rows(viewer=viewer, maps=list(self.result_list), admin_links=True):
            row.record_map.report_row = row  # type: ignore[attr-defined]


admin.site.unregister(RecordMap)


@admin.register(RecordMap)
class RecordMapReportAdmin(ReadOnlyAdmin):
    """Status report: one row per record map, with what to do about each status."""

    list_display = (
        "record",
        "object_type",
        "company",
        "is_imported",
        "outbound_status",
        "inbound_status",
        "last_modified_sent",
        "external_id",
        "log_result",
        "what_to_do",
    )
    list_filter = (
        autocomplete_filter("connection"),
        "object_type",
        "outbound_status",
        "inbound_status",
        "export_status",
        "last_modified_sent",
        "updated_at",
    )
    search_fields = (
        "external_id",
        "last_error_code",
        "connection__partner_account__name",
        "lead__first_name",
        "lead__last_name",
        "opportunity__name",
    )
    raw_id_fields = ("lead", "opportunity", "job")
    change_list_template = "sync/report_admin_change_list.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return report_maps()

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ReportChangeList

    def get_urls(self) -> list[URLPattern]:
        csv_url = path(
            "report.csv",
            self.admin_site.admin_view(self.report_csv),
            name="sync_recordmap_report_csv",
        )
        return [csv_url, *super().get_urls()]

    def report_csv(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        """The filtered rows of the changelist as CSV (every row, not only one page)."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        changelist = self.get_changelist_instance(request)
        viewer = request.user
        assert isinstance(viewer, User)
        maps = list(changelist.get_queryset(request))
        rows = report_rows(viewer=viewer, maps=maps, admin_links=True)
        response = StreamingHttpResponse(report_csv_lines(rows), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="status-report.csv"'
        return response

    def _row(self, record_map: RecordMap) -> ReportRow | None:
        return getattr(record_map, "report_row", None)

    @admin.display(description="record")
    def record(self, record_map: RecordMap) -> str:
        row = self._row(record_map)
        if row is None or not row.url:
            return str(row.record_id if row else record_map)
        return format_html('<a href="{}">{}</a>', row.url, row.name or row.record_id)

    @admin.display(description="connection", ordering="connection__partner_account__name")
    def company(self, record_map: RecordMap) -> str:
        return str(record_map.connection.partner_account)

    @admin.display(description="last import log result")
    def log_result(self, record_map: RecordMap) -> str:
        row = self._row(record_map)
        return row.log_result if row else ""

    @admin.display(description="what to do")
    def what_to_do(self, record_map: RecordMap) -> str:
        row = self._row(record_map)
        return row.advice if row else ""
