"""Admin for connected external records and the update outbox: read-only, for vendor staff."""

from __future__ import annotations

from django.contrib import admin

from sync.admin_export import ReadOnlyAdmin
from sync.models import ConnectedExternalRecord, UpdateOutbox


@admin.register(ConnectedExternalRecord)
class ConnectedExternalRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "connection",
        "object_type",
        "inbound_status",
        "last_changed_at",
    )
    list_filter = ("connection", "object_type", "inbound_status")
    list_select_related = ("connection__partner_account", "record_map")
    search_fields = ("record_map__external_id",)
    raw_id_fields = ("record_map", "lead", "opportunity")


@admin.register(UpdateOutbox)
class UpdateOutboxAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "connection", "queued_at", "due_at", "attempts", "sent_at")
    list_filter = ("connection",)
    list_select_related = ("connection__partner_account", "record_map")
    search_fields = ("record_map__external_id", "last_error")
    raw_id_fields = ("record_map",)
