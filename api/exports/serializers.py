"""Serializers of Partner Connect reads: export jobs and their items, status report rows,
connected external records. Inputs are small serializers that the views hand to a service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import MAX_ID
from sync.models import ConnectedExternalRecord, ExportJob, ExportJobItem, ObjectType
from sync.selectors.connected import (
    connected_fields,
    connected_status,
    connected_values_shown,
)
from sync.services.export.chunk import record_id_of
from sync.services.export.status import advice_for

# The largest id the databases hold (a signed 64-bit integer); larger ones are a 400.


class ObjectTypeField(serializers.ChoiceField):
    """Lead or Opportunity, as the services name them; any letter case is accepted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ObjectType.choices, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        by_lower = {value.lower(): value for value in ObjectType.values}
        found = by_lower.get(str(data).strip().lower())
        if found is None:
            message = self.error_messages["invalid_choice"].format(input=data)
            raise serializers.ValidationError(message, code="invalid_choice")
        return found


class ExportCreateSerializer(serializers.Serializer):
    """What to export: the object and the ids of the records, in the order to send them."""

    object_type = ObjectTypeField()
    record_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        help_text="Ids of leads or opportunities the caller may see; at most the export limit.",
    )


class ExportFieldSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Vendor field name.")
    label = serializers.CharField()
    target = serializers.CharField(help_text="The partner org field it lands in.")


class ExportJobSerializer(serializers.ModelSerializer[ExportJob]):
    """An export job: status, counts, progress; its records are under ``items/``."""

    company = serializers.CharField(source="connection.partner_account.name", read_only=True)
    actor_email = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    progress = serializers.SerializerMethodField(help_text="Percent of the records processed.")
    fields = ExportFieldSerializer(many=True, read_only=True)

    class Meta:
        model = ExportJob
        fields = (
            "batch_id",
            "object_type",
            "status",
            "size",
            "processed",
            "succeeded",
            "skipped",
            "failed",
            "progress",
            "use_bulk",
            "fields",
            "attempts",
            "next_attempt_at",
            "last_error",
            "company",
            "actor_email",
            "created_at",
            "started_at",
            "finished_at",
        )
        read_only_fields = fields

    def get_progress(self, job: ExportJob) -> int:
        return (100 * job.processed // job.size) if job.size else 100


class ExportJobItemSerializer(serializers.ModelSerializer[ExportJobItem]):
    """One record of a job and its result in that job."""

    record_id = serializers.SerializerMethodField()
    object_type = serializers.CharField(source="record_map.object_type", read_only=True)
    advice = serializers.SerializerMethodField(help_text="What to do about a failure.")
    outbound_status = serializers.CharField(
        read_only=True, help_text="The OutboundStatus the record got; blank until it is sent."
    )
    error_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ExportJobItem
        fields = (
            "order",
            "record_id",
            "object_type",
            "status",
            "outbound_status",
            "error_code",
            "error_message",
            "error_fields",
            "advice",
        )
        read_only_fields = fields

    def get_record_id(self, item: ExportJobItem) -> int:
        return record_id_of(item.record_map)

    def get_advice(self, item: ExportJobItem) -> str:
        if not item.error_message:
            return ""
        return advice_for(item.outbound_status, code=item.error_code, fields=item.error_fields)


class RecordMapRowSerializer(serializers.Serializer):
    """A status report row (a ``ReportRow``): a record map, its last log result, what to do."""

    id = serializers.IntegerField(source="record_map.pk")
    object_type = serializers.CharField(source="record_map.object_type")
    record_id = serializers.IntegerField()
    record_name = serializers.CharField(
        source="name", help_text="Empty when the caller may not open the record."
    )
    connection = serializers.IntegerField(source="record_map.connection_id")
    company = serializers.CharField(source="record_map.connection.partner_account.name")
    is_imported = serializers.BooleanField(source="record_map.is_imported")
    outbound_status = serializers.CharField(source="record_map.outbound_status")
    inbound_status = serializers.CharField(source="record_map.inbound_status")
    export_status = serializers.CharField(source="record_map.export_status")
    external_id = serializers.CharField(source="record_map.external_id")
    last_modified_sent = serializers.DateTimeField(
        source="record_map.last_modified_sent", allow_null=True
    )
    last_error_code = serializers.CharField(source="record_map.last_error_code")
    last_error_message = serializers.CharField(source="record_map.last_error_message")
    log_result = serializers.CharField(help_text="The last import log's result for the record.")
    advice = serializers.CharField(help_text="What to do about the statuses.")
    failed = serializers.BooleanField(help_text="A re-export may fix it.")
    updated_at = serializers.DateTimeField(source="record_map.updated_at")


class ReexportSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        help_text="Ids of failed status report rows (record maps) to export again; at most "
        "twice EXPORT_MAX_RECORDS (one job per object, each within the export limit).",
    )

    def validate_ids(self, ids: list[int]) -> list[int]:
        most = 2 * settings.EXPORT_MAX_RECORDS
        if len(ids) > most:
            raise serializers.ValidationError(f"Select at most {most} rows to re-export.")
        return ids


class ReexportRefusalSerializer(serializers.Serializer):
    object_type = serializers.CharField()
    message = serializers.CharField()


class ReexportResultSerializer(serializers.Serializer):
    """The jobs started (one per object) and the objects whose export was refused."""

    jobs = ExportJobSerializer(many=True)
    refused = ReexportRefusalSerializer(many=True)


class ConnectedValueSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.JSONField(
        allow_null=True,
        help_text="The vendor's value the partner's maps back to, or the partner's own (see note).",
    )
    partner_value = serializers.JSONField(
        allow_null=True, help_text="The value as the partner org holds it."
    )
    note = serializers.CharField(
        help_text="Why value is the partner org's own (no or several vendor values map to it)."
    )


class ConnectedRecordSerializer(serializers.ModelSerializer[ConnectedExternalRecord]):
    """A Connected External Lead / Opportunity as the record's related list shows it."""

    record_id = serializers.SerializerMethodField(help_text="The local lead or opportunity.")
    company = serializers.CharField(source="connection.partner_account.name", read_only=True)
    values = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()

    class Meta:
        model = ConnectedExternalRecord
        fields = ("id", "record_id", "company", "values", "last_changed_at", "status", "error")
        read_only_fields = fields

    def get_record_id(self, connected: ConnectedExternalRecord) -> int:
        return int(connected.lead_id or connected.opportunity_id)  # type: ignore[arg-type]

    def _pairs(self, connected: ConnectedExternalRecord) -> list[dict[str, Any]]:
        # A page shows records of few connections: their accepted fields are read once each.
        known = self.context.setdefault("fields", {})
        key = (connected.connection_id, connected.object_type)
        if key not in known:
            known[key] = connected_fields(*key)
        shown = connected_values_shown(connected, known[key])
        return [
            {"label": v.label, "value": v.value, "partner_value": v.partner_value, "note": v.note}
            for v in shown
        ]

    @extend_schema_field(ConnectedValueSerializer(many=True))
    def get_values(self, connected: ConnectedExternalRecord) -> Any:
        return ConnectedValueSerializer(self._pairs(connected), many=True).data

    def get_status(self, connected: ConnectedExternalRecord) -> str:
        return connected_status(connected)[0]

    def get_error(self, connected: ConnectedExternalRecord) -> str:
        return connected_status(connected)[1]
