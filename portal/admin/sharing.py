"""Admin actions that share and unshare records through portal.services.sharing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from accounts.models import PartnerAccount, User
from core.admin import actor_of
from core.errors import DomainError
from portal.selectors.shares import ACCESS_LEVELS
from portal.services.sharing import share_grant, share_revoke


class ShareTargetForm(forms.Form):
    """Whom to share with (or unshare from): a partner company or one partner user."""

    partner_account = forms.ModelChoiceField(
        queryset=PartnerAccount.objects.filter(is_active=True),
        required=False,
        help_text="Everybody in this partner company.",
    )
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(membership__isnull=False, is_active=True).order_by("email"),
        required=False,
        label="Partner user",
        help_text="Or one partner user personally.",
    )


class ShareForm(ShareTargetForm):
    level = forms.ChoiceField(choices=list(ACCESS_LEVELS.items()), initial="read")


def _intermediate(
    modeladmin: Any,
    request: HttpRequest,
    queryset: QuerySet[Any],
    form: forms.Form,
    action: str,
    title: str,
) -> TemplateResponse:
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "form": form,
        "records": queryset,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/portal/share_form.html", context)


@admin.action(description="Share with a partner account or user")
def share_selected(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]
) -> TemplateResponse | None:
    """Ask whom to share with and at which level, then share every selected record."""
    form = ShareForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _intermediate(modeladmin, request, queryset, form, "share_selected", "Share")
    try:
        count = share_grant(actor=actor_of(request), records=list(queryset), **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return None
    level = ACCESS_LEVELS[form.cleaned_data["level"]]
    messages.success(request, f"Shared {count} record{'s' if count != 1 else ''} at {level}.")
    return None


@admin.action(description="Unshare from a partner account or user")
def unshare_selected(
    modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]
) -> TemplateResponse | None:
    """Ask whom to unshare from, then remove that share from every selected record."""
    form = ShareTargetForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _intermediate(modeladmin, request, queryset, form, "unshare_selected", "Unshare")
    try:
        count = share_revoke(actor=actor_of(request), records=list(queryset), **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, f"Unshared {count} record{'s' if count != 1 else ''}.")
    return None
