"""Django admin of the vendor records: saves go through portal.services.records."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from core.admin import LargeTableAdmin, ServiceAdmin, ServiceForm, autocomplete_filter
from portal.admin.sharing import share_selected, unshare_selected
from portal.fieldtypes import SalesforceType
from portal.kinds import UnknownKind, kind_for_slug
from portal.models import (
    Account,
    Contact,
    Lead,
    Note,
    Opportunity,
    PartnerEditableField,
)
from portal.selectors.shares import shares_of
from portal.services.records import note_add, record_save

ADDRESS_FIELDS = frozenset({"street", "city", "state", "postal_code", "country"})


class RecordForm(ServiceForm):
    """A vendor record saved by record_save, which derives its company and access rows."""

    def apply(self) -> models.Model:
        return record_save(actor=self.actor, record=self.instance)


OWNER_FILTER = autocomplete_filter("owner")
COMPANY_FILTER = autocomplete_filter("partner_account")


class RecordAdmin(ServiceAdmin, LargeTableAdmin):
    form = RecordForm
    exclude: ClassVar[tuple[str, ...]] = ("partner_account",)
    list_select_related: ClassVar[tuple[str, ...]] = ("owner", "partner_account")
    autocomplete_fields: ClassVar[tuple[str, ...]] = ("owner",)
    # Web addresses typed without a scheme are taken as https, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a record takes its shares and access rows with it; nothing to keep in step.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """The record's own fields (its name first), then its address, then the rest."""
        fields = list(super().get_fields(request, obj))
        address = [name for name in fields if name in ADDRESS_FIELDS]
        return [name for name in fields if name not in address] + address


class SharedRecordAdmin(RecordAdmin):
    """A record partners see through shares: bulk share actions and the share list."""

    actions = (share_selected, unshare_selected)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("owner_company", "shares") if obj else ()

    @admin.display(description="partner account (from the owner)")
    def owner_company(self, record: Any) -> str:
        return str(record.partner_account or "Vendor")

    @admin.display(description="shared with")
    def shares(self, record: models.Model) -> str:
        rows = shares_of(record)
        if not rows:
            return "Not shared. Use the Share action on the list to share it."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))


@admin.register(Lead)
class LeadAdmin(SharedRecordAdmin):
    list_display = ("__str__", "company", "status", "rating", "owner", "partner_account")
    list_filter = ("status", "rating", "lead_source", "industry", COMPANY_FILTER, OWNER_FILTER)
    search_fields = ("first_name", "last_name", "company", "email")


@admin.register(Opportunity)
class OpportunityAdmin(SharedRecordAdmin):
    list_display = ("name", "account", "stage", "amount", "close_date", "owner", "partner_account")
    list_filter = ("stage", "type", "lead_source", COMPANY_FILTER, OWNER_FILTER)
    list_select_related = ("owner", "partner_account", "account")
    search_fields = ("name", "account__name")
    autocomplete_fields = ("owner", "account")


@admin.register(Account)
class AccountAdmin(SharedRecordAdmin):
    list_display = ("name", "type", "industry", "city", "country", "owner", "partner_account")
    list_filter = ("type", "industry", COMPANY_FILTER, OWNER_FILTER)
    search_fields = ("name", "account_number", "website")


@admin.register(Contact)
class ContactAdmin(RecordAdmin):
    list_display = ("__str__", "account", "title", "email", "owner", "partner_account")
    list_filter = ("lead_source", COMPANY_FILTER, OWNER_FILTER)
    list_select_related = ("owner", "partner_account", "account")
    search_fields = ("first_name", "last_name", "email", "account__name")
    autocomplete_fields = ("owner", "account")


class NoteForm(ServiceForm):
    class Meta:
        model = Note
        fields = ("lead", "opportunity", "body")

    def apply(self) -> Note:
        record = self.cleaned_data["lead"] or self.cleaned_data["opportunity"]
        return note_add(actor=self.actor, record=record, body=self.cleaned_data["body"])  # type: ignore[arg-type]


@admin.register(Note)
class NoteAdmin(ServiceAdmin):
    form = NoteForm
    list_display = ("__str__", "lead", "opportunity", "author", "created_at")
    list_select_related = ("lead", "opportunity", "author")
    search_fields = ("body", "author__email")
    raw_id_fields = ("lead", "opportunity")
    readonly_fields = ("author", "created_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Notes are a timeline: added, never rewritten."""
        return False


def _editable_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Fields partners could edit, grouped by object; lookups are not offered."""
    groups = []
    for model in (Lead, Opportunity, Account):
        names = [
            (name, str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize())
            for name, sf_type in model.salesforce_types.items()
            if sf_type != SalesforceType.LOOKUP
        ]
        groups.append((str(model._meta.verbose_name).capitalize(), names))
    return groups


def _kind_model(slug: str) -> type[models.Model] | None:
    try:
        return kind_for_slug(slug).model
    except UnknownKind:
        return None


class PartnerEditableFieldForm(forms.ModelForm):
    field_name = forms.ChoiceField(choices=_editable_choices)

    class Meta:
        model = PartnerEditableField
        fields = ("object_type", "field_name")

    def clean(self) -> dict[str, Any]:
        """Require a field of the chosen object."""
        data = super().clean() or {}
        model = _kind_model(data.get("object_type", ""))
        name = data.get("field_name")
        if model is not None and name and name not in model.salesforce_types:  # type: ignore[attr-defined]
            self.add_error("field_name", f"{model._meta.verbose_name} has no field {name}.")
        return data


@admin.register(PartnerEditableField)
class PartnerEditableFieldAdmin(admin.ModelAdmin):
    form = PartnerEditableFieldForm
    list_display = ("object_type", "field_name")
    list_filter = ("object_type",)
