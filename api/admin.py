"""Personal API tokens in Django admin: vendor admins list every token and revoke them.

Tokens are created only by their owners on the site, so there is no add or edit. The table's
primary key is the token's digest; it never reaches a page: rows are selected by their public
prefix (``token_key``) and have no detail link.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from api.models import ApiToken
from api.tokens.services import token_revoke, tokens_live
from core.admin import actor_of, run_per_row


class TokenStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("live", "Active"), ("expired", "Expired"), ("never", "Never expires")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        value = self.value()
        if value == "live":
            return tokens_live(queryset)
        if value == "expired":
            return queryset.filter(expiry__lte=timezone.now())
        if value == "never":
            return queryset.filter(expiry__isnull=True)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("owner", "name", "prefix", "created", "expiry", "is_live", "last_used_at")
    list_display_links = None
    list_filter = (TokenStatusFilter, "created", "expiry", "last_used_at", "user__is_staff")
    list_select_related = ("user",)
    search_fields = ("user__email", "name", "token_key")
    search_help_text = "Owner's email, token name or the token's first characters."
    ordering = ("-created",)
    fields = ("user", "name", "token_key", "created", "expiry", "last_used_at")
    actions = ["revoke"]

    @admin.display(description="owner", ordering="user__email")
    def owner(self, token: ApiToken) -> str:
        return token.user.email

    @admin.display(description="starts with", ordering="token_key")
    def prefix(self, token: ApiToken) -> str:
        return f"{token.token_key}…"

    @admin.display(description="active", boolean=True)
    def is_live(self, token: ApiToken) -> bool:
        return token.expiry is None or token.expiry > timezone.now()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoking goes through the revoke action (and its service), never a plain delete.
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("api.delete_apitoken")

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj: ApiToken) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="Select the token {}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.token_key,
            obj,
        )

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        """Turn the selected prefixes back into the rows' keys before Django's action handling."""
        data = request.POST.copy()
        keys = data.getlist(helpers.ACTION_CHECKBOX_NAME)
        digests = queryset.filter(token_key__in=keys).values_list("pk", flat=True)
        data.setlist(helpers.ACTION_CHECKBOX_NAME, list(digests))
        request.POST = data  # type: ignore[assignment]
        return super().response_action(request, queryset, *args, **kwargs)

    @admin.action(description="Revoke selected API tokens", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> HttpResponse | None:
        """Ask first; on confirmation revoke each token through the token service."""
        tokens = list(queryset.select_related("user"))
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Revoke API tokens?",
                "tokens": tokens,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "api/token_revoke_admin.html", context)
        actor = actor_of(request)
        run_per_row(request, tokens, lambda t: token_revoke(actor=actor, token=t), "Revoked")
        return None
