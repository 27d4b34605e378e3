"""Admin for connected external records and the update outbox: read-only, for vendor staff."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin import autocomplete_filter
from portal.models import Lead, Opportunity
from sync.admin.export import NoWrites, ReadOnlyAdmin
from sync.models import ConnectedExternalRecord, UpdateOutbox
from sync.selectors.connected import connected_status, connected_values_shown


@admin.register(ConnectedExternalRecord)
class ConnectedExternalRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "connection",
        "object_type",
        "inbound_status",
        "last_changed_at",
    )
    list_filter = (autocomplete_filter("connection"), "object_type", "inbound_status")
    list_select_related = ("connection__partner_account", "record_map")
    search_fields = ("record_map__external_id",)
    raw_id_fields = ("record_map", "lead", "opportunity")


@admin.register(UpdateOutbox)
class UpdateOutboxAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "connection", "queued_at", "due_at", "attempts", "sent_at")
    list_filter = (autocomplete_filter("connection"),)
    list_select_related = ("connection__partner_account", "record_map")
    search_fields = ("record_map__external_id", "last_error")
    raw_id_fields = ("record_map",)


class ConnectedRecordInline(NoWrites, admin.TabularInline):
    """Read-only related list of a lead or opportunity: the partner's values per connection."""

    model = ConnectedExternalRecord
    fields = ("connection", "peer_values", "last_changed_at", "status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Left out of POSTs: a read-only list has nothing to submit, so saving the lead must
        # not expect its formset.
        if request.method != "GET":
            return False
        return super().has_view_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ConnectedExternalRecord]:
        related = ("record_map", "connection__partner_account")
        return super().get_queryset(request).select_related(*related)

    @admin.display(description="partner's values")
    def peer_values(self, connected: ConnectedExternalRecord) -> str:
        return "; ".join(
            f"{v.label}: {'—' if v.value is None else v.value}{f' ({v.note})' if v.note else ''}"
            for v in connected_values_shown(connected)
        )

    @admin.display(description="status")
    def status(self, connected: ConnectedExternalRecord) -> str:
        status, error = connected_status(connected)
        return f"{status} ({error})" if error else status


class ConnectedExternalLeadInline(ConnectedRecordInline):
    fk_name = "lead"
    verbose_name = "connected external lead"
    verbose_name_plural = "Connected External Leads"


class ConnectedExternalOpportunityInline(ConnectedRecordInline):
    fk_name = "opportunity"
    verbose_name = "connected external opportunity"
    verbose_name_plural = "Connected External Opportunities"


def _inline_add(model: type[Lead] | type[Opportunity], inline: type[admin.TabularInline]) -> None:
    """Add the related list to the portal's admin of ``model`` (registered before this app's)."""
    model_admin = admin.site._registry.get(model)
    if model_admin is not None and inline not in model_admin.inlines:
        type(model_admin).inlines = [*model_admin.inlines, inline]


_inline_add(Lead, ConnectedExternalLeadInline)
_inline_add(Opportunity, ConnectedExternalOpportunityInline)
