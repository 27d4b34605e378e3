"""Admin for connections and mappings: invitations, Test reports, the vendor's field selection.

Every change goes through sync.services; the secret is never shown.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join

from accounts.admin.companies import PartnerAccountAdmin
from accounts.models import PartnerAccount, User
from core.admin import ServiceAdmin, ServiceForm, actor_of, run_per_row
from core.errors import DomainError
from sync.errors import MappingInvalid
from sync.fields import CatalogueField, field_catalogue
from sync.models import Connection, ObjectMapping, ObjectType
from sync.services.connections.checks import TestReport
from sync.services.connections.lifecycle import (
    connection_delete,
    connection_disable,
    connection_reconnect,
)
from sync.services.connections.setup import connection_invite
from sync.services.mappings.save import mapping_vendor_save
from sync.standard_fields import STANDARD_TARGETS, STANDARD_UPDATE_FIELDS


class ConnectionInviteForm(ServiceForm):
    """Adding a connection is inviting the partner company to set it up."""

    class Meta:
        model = Connection
        fields = ("partner_account",)

    def apply(self) -> Connection:
        return connection_invite(
            actor=self.actor, partner_account=self.cleaned_data["partner_account"]
        )


def _invite_each(request: HttpRequest, accounts: list[PartnerAccount]) -> None:
    run_per_row(
        request,
        accounts,
        lambda account: connection_invite(actor=actor_of(request), partner_account=account),
        "Invitation to connect sent",
    )


@admin.action(description="Invite partner to connect (email the setup link)")
def invite_partner_accounts(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[PartnerAccount]
) -> None:
    _invite_each(request, list(queryset))


# The invitation is a Partner Connect action, so it is added to the company list from here
# rather than making the accounts app depend on sync.
PartnerAccountAdmin.actions = (  # type: ignore[assignment]
    *(PartnerAccountAdmin.actions or ()),
    invite_partner_accounts,
)

READ_ONLY_CONNECTION = (
    "partner_account",
    "status",
    "my_domain",
    "client_id",
    "secret",
    "integration_user_id",
    "invited_by",
    "invited_at",
    "configured_by",
    "credentials_ok",
    "last_tested_at",
    "test_report",
    "last_error",
    "error_at",
)


@admin.register(Connection)
class ConnectionAdmin(ServiceAdmin):
    form = ConnectionInviteForm
    list_display = (
        "partner_account",
        "status",
        "my_domain",
        "credentials_ok",
        "last_tested_at",
        "short_error",
    )
    list_filter = ("status", "credentials_ok")
    list_select_related = ("partner_account",)
    search_fields = ("partner_account__name", "my_domain", "client_id")
    ordering = ("partner_account__name", "id")
    autocomplete_fields = ("partner_account",)
    actions = ("invite", "disable", "reconnect")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Connection]:
        # A connection is named by its company: the autocomplete boxes that pick one name each
        # result without a query per row.
        return super().get_queryset(request).select_related("partner_account")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return READ_ONLY_CONNECTION if obj is not None else ("partner_account",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return READ_ONLY_CONNECTION if obj is not None else ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A connection changes only through its services; its page is a read-only report.
        return obj is None and super().has_change_permission(request)

    @admin.display(description="client secret")
    def secret(self, connection: Connection) -> str:
        if not connection.client_secret_encrypted:
            return "Not entered yet"
        rotated = connection.secret_rotated_at
        return f"Stored encrypted{f', set {rotated:%Y-%m-%d %H:%M}' if rotated else ''}"

    @admin.display(description="last error")
    def short_error(self, connection: Connection) -> str:
        return connection.last_error[:80]

    @admin.display(description="last Test connection")
    def test_report(self, connection: Connection) -> str:
        report = TestReport.from_json(connection.last_test_result)
        if not report.checks:
            return "Not tested yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><strong style="color:{}">{}</strong> {}: {}{}</li>',
                (
                    (
                        "#1f6f35" if c.ok else "#a32020",
                        "✔" if c.ok else "✘",
                        c.name,
                        c.detail,
                        format_html("<br>Fix: {}", c.fix) if c.fix else "",
                    )
                    for c in report.checks
                ),
            ),
        )

    @admin.action(description="Invite partner to connect (email the setup link again)")
    def invite(self, request: HttpRequest, queryset: QuerySet[Connection]) -> None:
        _invite_each(request, [c.partner_account for c in queryset])

    @admin.action(description="Disable (stop exports, updates and polls)")
    def disable(self, request: HttpRequest, queryset: QuerySet[Connection]) -> None:
        actor = actor_of(request)
        call = partial(_disable, actor)
        run_per_row(request, list(queryset), call, "Disabled")

    @admin.action(description="Reconnect (test again, then catch up)")
    def reconnect(self, request: HttpRequest, queryset: QuerySet[Connection]) -> None:
        actor = actor_of(request)
        call = partial(_reconnect, actor)
        run_per_row(request, list(queryset), call, "Reconnected")

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.delete_connection_view)
        url = path("<int:object_id>/delete-connection/", view, name="sync_connection_remove")
        return [url, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        may_delete = request.user.has_perm("sync.delete_connection")
        extra = {**(extra_context or {}), "may_delete_connection": may_delete}
        return super().change_view(request, object_id, form_url, extra)

    def delete_connection_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Delete a connection through the service once the company's name is typed."""
        connection = get_object_or_404(
            Connection.objects.select_related("partner_account"), pk=object_id
        )
        error = ""
        if request.method == "POST":
            typed = request.POST.get("confirm_text", "")
            try:
                name = connection_delete(
                    actor=actor_of(request), connection=connection, confirm_text=typed
                )
            except DomainError as refused:
                error = refused.message
            else:
                messages.success(request, f"The connection of {name} was deleted.")
                return redirect("admin:sync_connection_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Delete the connection of {connection.partner_account}",
            "connection": connection,
            "counts": _connection_counts(connection),
            "error": error,
        }
        template = "admin/sync/connection/delete_connection.html"
        return TemplateResponse(request, template, context, status=400 if error else 200)


def _disable(actor: User, connection: Connection) -> Connection:
    return connection_disable(actor=actor, connection=connection)


def _reconnect(actor: User, connection: Connection) -> Connection:
    return connection_reconnect(actor=actor, connection=connection)


def _connection_counts(connection: Connection) -> dict[str, int]:
    """What a delete removes on the vendor side, for the confirmation page."""
    return {
        "field mappings": ObjectMapping.objects.filter(connection=connection).count(),
        "record maps": connection.maps.count(),
        "connected external records": connection.connected_records.count(),
        "export jobs": connection.jobs.count(),
        "queued updates": connection.update_outbox.filter(queued_at__isnull=False).count(),
    }


def _export_key(name: str) -> str:
    return f"export__{name}"


def _update_key(name: str) -> str:
    return f"update__{name}"


class VendorMappingForm(ServiceForm):
    """The vendor's field selection: per model field an Export and an Update field box."""

    class Meta:
        model = ObjectMapping
        fields = ("connection", "object_type")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.object_kind = self._object_type()
        self.catalogue = field_catalogue(self.object_kind)
        rows = {r.field_name: r for r in self.instance.fields.all()} if self.instance.pk else {}
        standard = STANDARD_TARGETS[self.object_kind]
        updates = STANDARD_UPDATE_FIELDS[self.object_kind]
        for known in self.catalogue:
            row = rows.get(known.name)
            exported = row is not None if self.instance.pk else known.name in standard
            flagged = (
                row.send_updates
                if row is not None
                else (not self.instance.pk and known.name in updates)
            )
            self._add_boxes(known, exported, flagged)

    def _object_type(self) -> str:
        if self.instance.pk:
            return self.instance.object_type
        chosen = self.data.get("object_type") or self.initial.get("object_type")
        return chosen if chosen in ObjectType.values else ObjectType.LEAD

    def _add_boxes(self, known: CatalogueField, exported: bool, flagged: bool) -> None:
        unsupported = not known.supported
        self.fields[_export_key(known.name)] = forms.BooleanField(
            label=f"Export {known.label}",
            required=False,
            initial=exported and not unsupported,
            disabled=unsupported,
            help_text=known.reason or "",
        )
        self.fields[_update_key(known.name)] = forms.BooleanField(
            label=f"{known.label} is an update field",
            required=False,
            initial=flagged and not unsupported,
            disabled=unsupported,
        )

    def grid(self) -> list[dict[str, Any]]:
        """One row per model field with its boxes and the partner's read-only choices."""
        rows = {r.field_name: r for r in self.instance.fields.all()} if self.instance.pk else {}
        return [
            {
                "field": known,
                "export": self[_export_key(known.name)],
                "update": self[_update_key(known.name)],
                "partner": rows.get(known.name),
            }
            for known in self.catalogue
        ]

    def apply(self) -> ObjectMapping:
        data = self.cleaned_data
        names = [k.name for k in self.catalogue if k.supported]
        connection = self.instance.connection if self.instance.pk else data["connection"]
        try:
            return mapping_vendor_save(
                actor=self.actor,
                connection=connection,
                object_type=self.object_kind,
                exported=[n for n in names if data.get(_export_key(n))],
                update_fields=[n for n in names if data.get(_update_key(n))],
            )
        except MappingInvalid as error:
            for key, message in error.problems.items():
                field = _export_key(key) if _export_key(key) in self.fields else None
                self.add_error(field, message)
            raise ValidationError("The field selection was not saved.") from None


PARTNER_SIDE = (
    "state",
    "validation",
    "vendor_saved_at",
    "vendor_saved_by",
    "partner_saved_at",
    "partner_saved_by",
    "default_owner_id",
    "external_id_field",
    "connected_object",
)


@admin.register(ObjectMapping)
class ObjectMappingAdmin(ServiceAdmin):
    form = VendorMappingForm
    change_form_template = "admin/sync/objectmapping/change_form.html"
    list_display = (
        "connection",
        "object_type",
        "state",
        "exported",
        "updates",
        "vendor_saved_at",
        "partner_saved_at",
    )
    list_filter = ("state", "object_type")
    list_select_related = ("connection__partner_account",)
    search_fields = ("connection__partner_account__name",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ObjectMapping]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                exported_total=Count("fields"),
                updates_total=Count("fields", filter=Q(fields__send_updates=True)),
            )
        )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return [(None, {"fields": ("connection", "object_type")})]
        return [
            (None, {"fields": ("connection", "object_type")}),
            ("Mapping state and the partner's side (read-only)", {"fields": PARTNER_SIDE}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("connection", "object_type", *PARTNER_SIDE) if obj is not None else ()

    @admin.display(description="exported fields", ordering="exported_total")
    def exported(self, mapping: Any) -> int:
        return int(mapping.exported_total)

    @admin.display(description="update fields", ordering="updates_total")
    def updates(self, mapping: Any) -> int:
        return int(mapping.updates_total)

    @admin.display(description="validation")
    def validation(self, mapping: ObjectMapping) -> str:
        reasons = mapping.last_validation or []
        if not reasons:
            return "Valid" if mapping.state == "ActiveMapping" else "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in reasons))
        )
