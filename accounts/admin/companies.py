"""Admin for partner companies and the PRM seat pool, saved through their services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts.admin.base import DEFAULT_ERROR_FIELDS
from accounts.errors import SeatLimitReached
from accounts.models import PartnerAccount, SeatPool
from accounts.services.memberships import (
    PARTNER_ACCOUNT_FIELDS,
    partner_account_create,
    partner_account_set_active,
    partner_account_update,
)
from accounts.services.seats import seat_holders, seat_pool_set, seat_summary, with_seats_used
from core.admin import ServiceAdmin, ServiceForm, actor_of, run_per_row


class PartnerAccountForm(ServiceForm):
    error_fields = {**DEFAULT_ERROR_FIELDS, SeatLimitReached: "is_active"}

    class Meta:
        model = PartnerAccount
        fields = (*PARTNER_ACCOUNT_FIELDS, "is_active")

    def apply(self) -> PartnerAccount:
        if self.instance.pk:
            account = PartnerAccount.objects.get(pk=self.instance.pk)
            changes = self.changes(PARTNER_ACCOUNT_FIELDS)
            if changes:
                account = partner_account_update(actor=self.actor, account=account, **changes)
        else:
            fields = {f: self.cleaned_data[f] for f in PARTNER_ACCOUNT_FIELDS if f != "name"}
            account = partner_account_create(
                actor=self.actor, name=self.cleaned_data["name"], **fields
            )
        if self.cleaned_data["is_active"] != account.is_active:
            account = partner_account_set_active(
                actor=self.actor, account=account, is_active=self.cleaned_data["is_active"]
            )
        return account


@admin.register(PartnerAccount)
class PartnerAccountAdmin(ServiceAdmin):
    form = PartnerAccountForm
    list_display = (
        "name",
        "parent",
        "tier",
        "region",
        "program",
        "is_active",
        "children_count",
        "members",
        "seats_used",
    )
    list_filter = ("is_active", "tier", "region", "program", "role_count")
    list_select_related = ("parent", "channel_manager")
    search_fields = ("name", "website_domain")
    # Also the order of the autocomplete boxes that pick a company (filters, forms).
    ordering = ("name", "id")
    autocomplete_fields = ("parent", "channel_manager")
    actions = ("activate", "deactivate")

    def get_queryset(self, request: HttpRequest) -> QuerySet[PartnerAccount]:
        # Seats are counted by the seat module's own selector, one subquery for the page.
        return with_seats_used(super().get_queryset(request)).annotate(
            children_total=Count("children", distinct=True),
            members_total=Count("memberships", distinct=True),
        )

    @admin.display(description="children", ordering="children_total")
    def children_count(self, account: Any) -> int:
        return int(account.children_total)

    @admin.display(description="members", ordering="members_total")
    def members(self, account: Any) -> str:
        url = reverse("admin:accounts_membership_changelist")
        return format_html(
            '<a href="{}?partner_account__id__exact={}">{}</a>',
            url,
            account.pk,
            account.members_total,
        )

    @admin.display(description="PRM seats used", ordering="seats_total")
    def seats_used(self, account: Any) -> int:
        return int(account.seats_total)

    @admin.action(description="Activate selected partner accounts")
    def activate(self, request: HttpRequest, queryset: QuerySet[PartnerAccount]) -> None:
        run_per_row(
            request,
            queryset,
            lambda a: partner_account_set_active(
                actor=actor_of(request), account=a, is_active=True
            ),
            "Activated",
        )

    @admin.action(description="Deactivate selected partner accounts (frees their seats)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[PartnerAccount]) -> None:
        run_per_row(
            request,
            queryset,
            lambda a: partner_account_set_active(
                actor=actor_of(request), account=a, is_active=False
            ),
            "Deactivated",
        )


class SeatPoolForm(ServiceForm):
    error_fields = DEFAULT_ERROR_FIELDS

    class Meta:
        model = SeatPool
        fields = ("seats_purchased",)

    def apply(self) -> SeatPool:
        return seat_pool_set(actor=self.actor, seats_purchased=self.cleaned_data["seats_purchased"])


@admin.register(SeatPool)
class SeatPoolAdmin(ServiceAdmin):
    form = SeatPoolForm
    change_form_template = "admin/accounts/seatpool/change_form.html"
    fields = ("seats_purchased", "usage", "holders")
    readonly_fields = ("usage", "holders")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The pool is a single row: go straight to it."""
        pool, _ = SeatPool.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:accounts_seatpool_change", args=[pool.pk]))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "seats": seat_summary()}
        return super().change_view(request, object_id, form_url, extra_context=context)

    @admin.display(description="in use")
    def usage(self, pool: SeatPool) -> str:
        summary = seat_summary()
        return f"{summary.used} of {summary.purchased} used, {summary.free} free"

    @admin.display(description="seat holders")
    def holders(self, pool: SeatPool) -> str:
        rows = seat_holders().select_related("user", "partner_account")
        if not rows:
            return "Nobody holds a seat."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}): {}</li>",
                (
                    (m.user, m.partner_account, _capabilities(m))
                    for m in rows.order_by("partner_account__name", "user__email")
                ),
            ),
        )


def _capabilities(membership: Any) -> str:
    names = [("partner admin", membership.is_partner_admin), ("export", membership.can_export)]
    return ", ".join(name for name, held in names if held)
