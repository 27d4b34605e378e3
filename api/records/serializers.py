"""Representations of leads, opportunities, accounts, contacts and notes, and their inputs."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.settings import api_settings

from accounts.models import User
from portal.fieldtypes import SalesforceType
from portal.models import NOTE_MAX_LENGTH, Account, Contact, Lead, Note, Opportunity
from sync.models import ExportStatus

SYSTEM_FIELDS = ("created_at", "updated_at")
EXPORT_FIELDS = ("export_status", "export_status_label", "export_error")


def business_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The record's business fields in declaration order, as the site's record page lists them."""
    return tuple(model.salesforce_types)  # type: ignore[attr-defined]


def editable_candidates(model: type[models.Model]) -> tuple[str, ...]:
    """Fields the vendor could let partners edit: every business field but the lookups."""
    types = model.salesforce_types  # type: ignore[attr-defined]
    return tuple(name for name, kind in types.items() if kind != SalesforceType.LOOKUP)


class _OutputSerializer(serializers.ModelSerializer):
    """A record's representation: every field read-only, and blank where the model allows it.

    Email and URL fields are plain text here: a blank value is no address, and the schema
    must admit it.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.EmailField: serializers.CharField,
        models.URLField: serializers.CharField,
    }

    def build_standard_field(
        self, field_name: str, model_field: models.Field
    ) -> tuple[type[serializers.Field], dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # Marked read-only here rather than in Meta, which would drop allow_blank.
        for key in ("required", "default", "validators"):
            kwargs.pop(key, None)
        return field_class, {**kwargs, "read_only": True}


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return str(user)


class AccountRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class _ExportStatusMixin(serializers.Serializer):
    """Export Status for the caller's company connection, as the site's list shows it."""

    export_status = serializers.ChoiceField(
        choices=ExportStatus.choices,
        read_only=True,
        help_text="Export Status code for the caller's company connection.",
    )
    export_status_label = serializers.SerializerMethodField(
        help_text="Export Status as the partner site shows it."
    )
    export_error = serializers.SerializerMethodField(
        help_text="The error code and message of a Failed export; null otherwise."
    )

    def get_export_status_label(self, record: Any) -> str:
        return str(ExportStatus(record.export_status).label)

    def get_export_error(self, record: Any) -> str | None:
        if record.export_status != ExportStatus.FAILED:
            return None
        return getattr(record, "export_error", None) or None


class LeadSerializer(_ExportStatusMixin, _OutputSerializer):
    owner = UserRefSerializer(read_only=True)

    class Meta:
        model = Lead
        fields = ("id", *business_fields(Lead), *SYSTEM_FIELDS, *EXPORT_FIELDS)


class OpportunitySerializer(_ExportStatusMixin, _OutputSerializer):
    owner = UserRefSerializer(read_only=True)
    account = AccountRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Opportunity
        fields = ("id", *business_fields(Opportunity), *SYSTEM_FIELDS, *EXPORT_FIELDS)


class AccountSerializer(_OutputSerializer):
    owner = UserRefSerializer(read_only=True)

    class Meta:
        model = Account
        fields = ("id", *business_fields(Account), *SYSTEM_FIELDS)


class ContactSerializer(_OutputSerializer):
    owner = UserRefSerializer(read_only=True)
    account = AccountRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Contact
        fields = ("id", *business_fields(Contact), *SYSTEM_FIELDS)


class _RecordEditSerializer(serializers.ModelSerializer):
    """A partner's change to a record: only the fields the vendor lets partners edit.

    A field outside them is refused by name, never dropped, so a client learns at once that
    its change did not happen.
    """

    def __init__(self, *args: Any, editable: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)
        # Without a whitelist (the schema's view) every field a vendor could allow is shown.
        names = list(self.fields) if editable is None else editable
        self.editable = [name for name in names if name in self.fields]
        for name in list(self.fields):
            if name not in self.editable:
                del self.fields[name]

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = ", ".join(self.editable) or "none"
            refused = sorted(set(data) - set(self.fields))
            if refused:
                message = f"This field cannot be edited. Editable fields: {allowed}."
                raise serializers.ValidationError({name: [message] for name in refused})
            if not data:
                message = f"Send at least one field to change. Editable fields: {allowed}."
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        return super().to_internal_value(data)


class LeadEditSerializer(_RecordEditSerializer):
    class Meta:
        model = Lead
        fields = editable_candidates(Lead)


class OpportunityEditSerializer(_RecordEditSerializer):
    class Meta:
        model = Opportunity
        fields = editable_candidates(Opportunity)


class AccountEditSerializer(_RecordEditSerializer):
    class Meta:
        model = Account
        fields = editable_candidates(Account)


class NoteSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True)

    class Meta:
        model = Note
        fields = ("id", "body", "author", "created_at")
        read_only_fields = fields


class NoteCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        help_text=f"The note's text, at most {NOTE_MAX_LENGTH:,} characters.",
    )
