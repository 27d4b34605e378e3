"""Filters of the Partner Connect lists: exports, their items, report rows, connected records,
connections and mappings. Choice filters refuse unknown values with a 400."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from api.filters import IdFilter, MomentFilter
from sync.models import (
    ConnectedExternalRecord,
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ExportStatus,
    InboundStatus,
    ItemStatus,
    JobStatus,
    MappingState,
    ObjectMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
)


class ExportJobFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=JobStatus.choices)
    object_type = filters.ChoiceFilter(choices=ObjectType.choices)
    created_after = MomentFilter(field_name="created_at", lookup_expr="gte")
    created_before = MomentFilter(field_name="created_at", lookup_expr="lt")
    mine = filters.BooleanFilter(method="filter_mine", help_text="Only the caller's own exports.")

    class Meta:
        model = ExportJob
        fields = ("status", "object_type")

    def filter_mine(
        self, queryset: QuerySet[ExportJob], name: str, value: bool
    ) -> QuerySet[ExportJob]:
        user_id = self.request.user.pk if self.request is not None else None
        return queryset.filter(actor_id=user_id) if value else queryset.exclude(actor_id=user_id)


class ExportJobItemFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ItemStatus.choices)
    outbound_status = filters.ChoiceFilter(choices=OutboundStatus.choices)

    class Meta:
        model = ExportJobItem
        fields = ("status", "outbound_status")


class RecordMapFilter(filters.FilterSet):
    """The status report's filters, plus a few the admin changelist has."""

    object_type = filters.ChoiceFilter(choices=ObjectType.choices)
    outbound_status = filters.ChoiceFilter(choices=OutboundStatus.choices)
    inbound_status = filters.ChoiceFilter(choices=InboundStatus.choices)
    export_status = filters.ChoiceFilter(choices=ExportStatus.choices)
    connection = IdFilter(field_name="connection_id")
    failed = filters.BooleanFilter(
        method="filter_failed", help_text="Rows whose last export or update failed."
    )

    class Meta:
        model = RecordMap
        fields = ("is_imported",)

    def filter_failed(
        self, queryset: QuerySet[RecordMap], name: str, value: bool
    ) -> QuerySet[RecordMap]:
        failed = {"outbound_status__endswith": "Error"}
        return queryset.filter(**failed) if value else queryset.exclude(**failed)


class ConnectedLeadFilter(filters.FilterSet):
    record = IdFilter(field_name="lead_id", help_text="The local lead's id.")
    connection = IdFilter(field_name="connection_id")
    inbound_status = filters.ChoiceFilter(choices=InboundStatus.choices)
    changed_after = MomentFilter(field_name="last_changed_at", lookup_expr="gte")

    class Meta:
        model = ConnectedExternalRecord
        fields = ("inbound_status",)


class ConnectedOpportunityFilter(ConnectedLeadFilter):
    record = IdFilter(field_name="opportunity_id", help_text="The local opportunity's id.")


class ConnectionFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ConnectionStatus.choices)
    partner_account = IdFilter(field_name="partner_account_id")

    class Meta:
        model = Connection
        fields = ("status", "credentials_ok")


class ObjectMappingFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=MappingState.choices)
    object_type = filters.ChoiceFilter(choices=ObjectType.choices)
    connection = IdFilter(field_name="connection_id")

    class Meta:
        model = ObjectMapping
        fields = ("state", "object_type")
