"""Serializers of connections and field mappings; the client secret is write-only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.exports.serializers import ObjectTypeField
from api.filters import MAX_ID
from sync.models import Connection, FieldMapping, ObjectMapping
from sync.services.connections.checks import TestReport


class TestCheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()
    fix = serializers.CharField(help_text="How to fix it; empty when the check passed.")


class TestReportSerializer(serializers.Serializer):
    """The result of Test connection: each check with its fix."""

    __test__ = False  # Not a pytest class, whatever its name.

    ok = serializers.BooleanField()
    checks = TestCheckSerializer(many=True)


class ConnectionSerializer(serializers.ModelSerializer[Connection]):
    """A partner company's connection to its Salesforce org; the secret is never shown."""

    company = serializers.CharField(source="partner_account.name", read_only=True)
    secret_stored = serializers.SerializerMethodField()
    invited_by_email = serializers.EmailField(
        source="invited_by.email", read_only=True, allow_null=True
    )
    last_test = serializers.SerializerMethodField()

    class Meta:
        model = Connection
        fields = (
            "id",
            "partner_account",
            "company",
            "status",
            "my_domain",
            "client_id",
            "secret_stored",
            "secret_rotated_at",
            "credentials_ok",
            "integration_user_id",
            "invited_by_email",
            "invited_at",
            "last_tested_at",
            "last_test",
            "last_error",
            "error_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_secret_stored(self, connection: Connection) -> bool:
        return bool(connection.client_secret_encrypted)

    @extend_schema_field(TestReportSerializer)
    def get_last_test(self, connection: Connection) -> Any:
        return report_data(TestReport.from_json(connection.last_test_result))


def report_data(report: TestReport) -> Any:
    """A Test connection report as the API shows it."""
    return TestReportSerializer({"ok": report.ok, "checks": report.checks}).data


class ConnectionInviteSerializer(serializers.Serializer):
    partner_account = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The partner company to invite to connect."
    )


class CredentialsSerializer(serializers.Serializer):
    my_domain = serializers.CharField(max_length=255, help_text="acme.my.salesforce.com")
    client_id = serializers.CharField(max_length=255, allow_blank=True)
    client_secret = serializers.CharField(
        max_length=1000,
        write_only=True,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Blank keeps the stored secret. Never returned.",
    )


class RotateSerializer(serializers.Serializer):
    client_secret = serializers.CharField(
        max_length=1000, write_only=True, allow_blank=True, trim_whitespace=False
    )


class DeleteConfirmSerializer(serializers.Serializer):
    confirm_text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="The company's name, typed exactly."
    )


class DeletedSerializer(serializers.Serializer):
    deleted = serializers.CharField(help_text="The company whose connection was deleted.")


class FieldMappingSerializer(serializers.ModelSerializer[FieldMapping]):
    picklist_map = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = FieldMapping
        fields = (
            "field_name",
            "send_updates",
            "accepted",
            "target_field",
            "picklist_map",
            "picklist_default",
        )
        read_only_fields = fields


class ObjectMappingSerializer(serializers.ModelSerializer[ObjectMapping]):
    """One object's mapping: the vendor's field selection and the partner's side."""

    company = serializers.CharField(source="connection.partner_account.name", read_only=True)
    fields = FieldMappingSerializer(many=True, read_only=True)
    last_validation = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ObjectMapping
        fields = (
            "id",
            "connection",
            "company",
            "object_type",
            "state",
            "vendor_saved_at",
            "partner_saved_at",
            "default_owner_id",
            "external_id_field",
            "connected_object",
            "last_validation",
            "fields",
            "updated_at",
        )
        read_only_fields = fields


class VendorFieldsSerializer(serializers.Serializer):
    """The vendor's selection: exported fields and, among them, the update fields."""

    exported = serializers.ListField(child=serializers.CharField(max_length=80))
    update_fields = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list
    )


class VendorMappingCreateSerializer(VendorFieldsSerializer):
    connection = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    object_type = ObjectTypeField()


class PartnerFieldSerializer(serializers.Serializer):
    field_name = serializers.CharField(max_length=80)
    accepted = serializers.BooleanField()
    target_field = serializers.CharField(max_length=80, required=False, allow_blank=True)
    picklist_map = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    picklist_default = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )


class PartnerMappingSerializer(serializers.Serializer):
    """The partner admin's mapping; exported fields left out are declined."""

    fields = PartnerFieldSerializer(many=True)
    default_owner_id = serializers.CharField(max_length=18, allow_blank=True)
    external_id_field = serializers.CharField(max_length=80)
    connected_object = serializers.CharField(max_length=80)
