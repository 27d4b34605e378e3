"""Admin for invitations: create, approve, resend, revoke and bulk-invite, through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from accounts.admin.base import DEFAULT_ERROR_FIELDS
from accounts.errors import InvitationConflict
from accounts.forms import InvitationImportForm
from accounts.models import Invitation, InvitationStatus
from accounts.services.invitation_import import invitations_import_csv
from accounts.services.invitations import (
    invitation_approve,
    invitation_create,
    invitation_link,
    invitation_resend,
    invitation_revoke,
)
from core.admin import (
    LargeTableAdmin,
    ServiceAdmin,
    ServiceForm,
    actor_of,
    autocomplete_filter,
    run_per_row,
)
from core.errors import DomainError


class InvitationForm(ServiceForm):
    error_fields = {**DEFAULT_ERROR_FIELDS, InvitationConflict: "email"}

    class Meta:
        model = Invitation
        fields = (
            "email",
            "partner_account",
            "role",
            "is_super_user",
            "is_partner_admin",
            "can_export",
        )

    def apply(self) -> Invitation:
        return invitation_create(actor=self.actor, **self.cleaned_data)


class DisplayStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*InvitationStatus.choices, ("expired", "Expired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        pending = queryset.filter(status=InvitationStatus.PENDING)
        if value == "expired":
            return pending.filter(expires_at__lte=timezone.now())
        if value == InvitationStatus.PENDING:
            return pending.exclude(expires_at__lte=timezone.now())
        return queryset.filter(status=value)


@admin.register(Invitation)
class InvitationAdmin(ServiceAdmin, LargeTableAdmin):
    form = InvitationForm
    change_list_template = "admin/accounts/invitation/change_list.html"
    # Fits beside the navigation and the filters at 1280 px; whether it takes a seat, who invited
    # and when it was sent are on each invitation's page.
    list_display = ("email", "partner_account", "role", "status_shown", "expires_on")
    list_filter = (DisplayStatusFilter, "role", autocomplete_filter("partner_account"))
    list_select_related = ("partner_account", "invited_by")
    search_fields = ("email", "partner_account__name")
    autocomplete_fields = ("partner_account",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "status_shown",
        "seat",
        "link",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_user",
    )
    actions = ("approve", "resend", "revoke")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(InvitationForm.Meta.fields)
        return [*fields, *self.readonly_fields] if obj else fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Invitations change through the actions only; the change page is for reading."""
        return False

    @admin.display(description="status")
    def status_shown(self, invitation: Invitation) -> str:
        return invitation.display_status

    @admin.display(description="expires", ordering="expires_at")
    def expires_on(self, invitation: Invitation) -> Any:
        if invitation.expires_at is None:
            return "-"
        return date_format(timezone.localdate(invitation.expires_at))

    @admin.display(description="takes a seat", boolean=True)
    def seat(self, invitation: Invitation) -> bool:
        return invitation.needs_seat

    @admin.display(description="link")
    def link(self, invitation: Invitation) -> str:
        if invitation.status != InvitationStatus.PENDING:
            return "-"
        url = invitation_link(invitation)
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.action(description="Approve requested invitations and send them")
    def approve(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        run_per_row(
            request,
            queryset,
            lambda i: invitation_approve(actor=actor_of(request), invitation=i),
            "Approved and sent",
        )

    @admin.action(description="Resend selected invitations (new link and expiry)")
    def resend(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        run_per_row(
            request,
            queryset,
            lambda i: invitation_resend(actor=actor_of(request), invitation=i),
            "Resent",
        )

    @admin.action(description="Revoke selected invitations")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        run_per_row(
            request,
            queryset,
            lambda i: invitation_revoke(actor=actor_of(request), invitation=i),
            "Revoked",
        )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="accounts_invitation_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Bulk invitations from a CSV file, with a report of every row."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = InvitationImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = invitations_import_csv(
                    actor=actor_of(request), file=form.cleaned_data["file"]
                )
            except DomainError as error:
                form.add_error("file", error.message)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Bulk invite from CSV",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/accounts/invitation/import.html", context)
