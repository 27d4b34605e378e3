"""Failure emails in Django admin: what each connection's partner admins were told, and when."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from sync.admin.export import ReadOnlyAdmin
from sync.models import FailureNotice


@admin.register(FailureNotice)
class FailureNoticeAdmin(ReadOnlyAdmin):
    list_display = (
        "connection",
        "kind",
        "failed",
        "total",
        "occurrences",
        "created_at",
        "sent_at",
        "waiting",
    )
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("connection__partner_account__name", "message")
    date_hierarchy = "created_at"
    fields = (
        "connection",
        "kind",
        "job",
        "total",
        "failed",
        "message",
        "records",
        "occurrences",
        "created_at",
        "last_seen_at",
        "sent_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[FailureNotice]:
        return super().get_queryset(request).select_related("connection__partner_account", "job")

    @admin.display(boolean=True, description="waiting for the digest")
    def waiting(self, notice: FailureNotice) -> bool:
        return notice.sent_at is None
