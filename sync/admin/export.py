"""Admin for export jobs, record maps and import logs: read-only, for vendor staff to inspect."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import LargeTableAdmin, autocomplete_filter
from sync.models import ExportJob, ExportJobItem, ImportLog, RecordMap


class NoWrites:
    """For admins and inlines of rows written only by services: nobody adds, edits or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoWrites, LargeTableAdmin):
    """Rows written only by the export and update services, shown read-only.

    Jobs, items, record maps, logs and outbox rows grow with every export and edit: their
    changelists are built for tables of millions of rows.
    """


class ExportJobItemInline(admin.TabularInline):
    model = ExportJobItem
    fields = ("order", "record_map", "status", "outbound_status", "error_code", "error_message")
    readonly_fields = fields
    ordering = ("order",)
    extra = 0
    max_num = 0
    show_change_link = False
    can_delete = False


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "company",
        "object_type",
        "actor",
        "status",
        "size",
        "succeeded",
        "skipped",
        "failed",
        "attempts",
    )
    list_filter = ("status", "object_type", "use_bulk", autocomplete_filter("connection"))
    list_select_related = ("connection__partner_account", "actor")
    search_fields = ("batch_id", "connection__partner_account__name", "actor__email")
    inlines = [ExportJobItemInline]

    @admin.display(description="company", ordering="connection__partner_account__name")
    def company(self, job: ExportJob) -> str:
        return str(job.connection.partner_account)


@admin.register(RecordMap)
class RecordMapAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "connection",
        "object_type",
        "external_id",
        "outbound_status",
        "inbound_status",
        "export_status",
        "last_modified_sent",
    )
    list_filter = (
        autocomplete_filter("connection"),
        "object_type",
        "outbound_status",
        "export_status",
    )
    list_select_related = ("connection__partner_account",)
    search_fields = ("external_id", "last_error_code")
    raw_id_fields = ("lead", "opportunity", "job")


@admin.register(ImportLog)
class ImportLogAdmin(ReadOnlyAdmin):
    list_display = ("job", "connection", "chunk", "import_type", "status", "created_at")
    list_filter = ("status", autocomplete_filter("connection"))
    list_select_related = ("job", "connection__partner_account")
    raw_id_fields = ("job",)
