"""API of Partner Connect reads and exports: export jobs and their records, status report rows
(with Re-export selected) and connected external records.

Every read starts from the selector the site uses, and every write is one service call.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.selectors import is_vendor_admin
from api.common import (
    caller,
    errors,
    partner_admin_company,
    raise_invalid,
    valid_data,
)
from api.exports.filters import (
    ConnectedLeadFilter,
    ConnectedOpportunityFilter,
    ExportJobFilter,
    ExportJobItemFilter,
    RecordMapFilter,
)
from api.exports.serializers import (
    ConnectedRecordSerializer,
    ExportCreateSerializer,
    ExportJobItemSerializer,
    ExportJobSerializer,
    RecordMapRowSerializer,
    ReexportResultSerializer,
    ReexportSerializer,
)
from api.idempotency import HEADER as IDEMPOTENCY_HEADER
from api.idempotency import idempotent_response
from core.errors import DomainError
from portal.errors import NotVisible
from sync.models import ConnectedExternalRecord, ExportJob, ExportJobItem, ObjectType, RecordMap
from sync.selectors.connected import connected_records_visible_to
from sync.selectors.connections import connection_for_user
from sync.selectors.export import job_visible_get, jobs_visible_to
from sync.selectors.report import FAILED_OUTBOUND, report_maps, report_rows
from sync.services.export.chunk import record_id_of
from sync.services.export.start import export_start

ERRORS = errors(400, 403, 404)


@extend_schema_view(
    list=extend_schema(
        summary="Export jobs the caller may see", responses={200: ExportJobSerializer}
    ),
    retrieve=extend_schema(
        summary="An export job: status, counts and progress",
        responses={200: ExportJobSerializer, 404: ERRORS[404]},
    ),
)
class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Export jobs: the caller's own, their company's for a partner admin, all for staff."""

    serializer_class = ExportJobSerializer
    filterset_class = ExportJobFilter
    ordering_fields = ("created_at", "size", "status")
    ordering = ("-created_at",)
    search_fields = ("actor__email",)
    lookup_field = "batch_id"

    def get_queryset(self) -> QuerySet[ExportJob]:
        return jobs_visible_to(caller(self.request))

    def get_object(self) -> ExportJob:
        return job_get(caller(self.request), self.kwargs["batch_id"])

    @extend_schema(
        summary="Export records to the company's Salesforce org",
        description=(
            "Starts an export job through the same checks as the site: a PRM seat, the export "
            "permission, every record visible, the connection Enabled, the object mapped, the "
            f"size limit. Send an `{IDEMPOTENCY_HEADER}` header to make retries safe: the same "
            "key and body answer the first response (no second job) for 24 hours; the same key "
            "with another body is a 422. Refused requests are not remembered."
        ),
        request=ExportCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False
            )
        ],
        responses={
            201: ExportJobSerializer,
            **ERRORS,
            409: OpenApiResponse(description="The connection is not Enabled, or records are busy."),
            422: OpenApiResponse(description="The Idempotency-Key was used with another body."),
        },
    )
    def create(self, request: Request) -> Response:
        data = valid_data(ExportCreateSerializer, request)
        user = caller(request)

        def run() -> Response:
            job = export_start(actor=user, **data)
            shown = jobs_visible_to(user).get(pk=job.pk)
            return Response(ExportJobSerializer(shown).data, status=status.HTTP_201_CREATED)

        return idempotent_response(request, endpoint="exports", body=data, run=run)


def job_get(user: User, batch_id: str) -> ExportJob:
    """A job the user may see by its batch id; a malformed id is as missing as any other."""
    try:
        return job_visible_get(user, uuid.UUID(str(batch_id)))
    except ValueError:
        raise NotVisible("Not found.") from None


@extend_schema_view(
    list=extend_schema(
        summary="Each record of an export job and its result",
        parameters=[OpenApiParameter("batch_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={200: ExportJobItemSerializer, 404: ERRORS[404]},
    )
)
class ExportItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The records of one job, in batch order, with their status, error and advice."""

    serializer_class = ExportJobItemSerializer
    filterset_class = ExportJobItemFilter
    ordering_fields = ("order",)
    ordering = ("order",)
    search_fields = ("error_code",)

    def get_queryset(self) -> QuerySet[ExportJobItem]:
        if getattr(self, "swagger_fake_view", False):
            return ExportJobItem.objects.none()
        job = job_get(caller(self.request), self.kwargs["batch_id"])
        return job.items.select_related("record_map")


def report_scope(user: User) -> QuerySet[RecordMap]:
    """Status report rows the user may read: all for vendor admins, else their connection's.

    The partner side follows the site's report page: the company's partner admin with a seat.
    """
    if is_vendor_admin(user, "sync.view_recordmap"):
        return report_maps()
    partner_admin_company(user, "the status report")
    connection = connection_for_user(user)
    if connection is None:
        return RecordMap.objects.none()
    return report_maps(connection_id=connection.pk)


@extend_schema_view(
    list=extend_schema(
        summary="Status report rows (record maps)",
        responses={200: RecordMapRowSerializer, 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary="One status report row",
        responses={200: RecordMapRowSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class RecordMapViewSet(viewsets.ReadOnlyModelViewSet):
    """The status report: one row per record map with its statuses and what to do."""

    serializer_class = RecordMapRowSerializer
    filterset_class = RecordMapFilter
    ordering_fields = ("updated_at", "created_at")
    ordering = ("-updated_at",)
    search_fields = ("external_id", "last_error_code", "last_error_message")

    def get_queryset(self) -> QuerySet[RecordMap]:
        if getattr(self, "swagger_fake_view", False):
            return RecordMap.objects.none()
        return report_scope(caller(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        maps = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        rows = report_rows(viewer=caller(request), maps=list(maps))
        return self.get_paginated_response(RecordMapRowSerializer(rows, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        (row,) = report_rows(viewer=caller(request), maps=[self.get_object()])
        return Response(RecordMapRowSerializer(row).data)

    @extend_schema(
        summary="Re-export selected failed rows",
        description=(
            "As the site's Re-export selected: the failed rows among `ids` are exported again "
            "by the caller, one export job per object. Rows that did not fail are ignored."
        ),
        request=ReexportSerializer,
        responses={
            201: ReexportResultSerializer,
            **ERRORS,
            409: OpenApiResponse(description="Refused."),
        },
    )
    @action(detail=False, methods=["post"])
    def reexport(self, request: Request) -> Response:
        ids = valid_data(ReexportSerializer, request)["ids"]
        maps = self.get_queryset().filter(FAILED_OUTBOUND, pk__in=ids)
        by_object: dict[str, list[int]] = {}
        for record_map in maps:
            by_object.setdefault(record_map.object_type, []).append(record_id_of(record_map))
        if not by_object:
            raise_invalid("ids", "Select at least one failed row to re-export.")
        return reexport_response(caller(request), by_object)


def reexport_response(user: User, by_object: dict[str, list[int]]) -> Response:
    """Start one export per object; a refusal of every one is raised, else reported."""
    jobs, refused, first_error = [], [], None
    for object_type, record_ids in sorted(by_object.items()):
        try:
            job = export_start(actor=user, object_type=object_type, record_ids=record_ids)
        except DomainError as error:
            first_error = first_error or error
            refused.append({"object_type": object_type, "message": error.message})
        else:
            jobs.append(jobs_visible_to(user).get(pk=job.pk))
    if not jobs and first_error is not None:
        raise first_error
    body = ReexportResultSerializer({"jobs": jobs, "refused": refused}).data
    return Response(body, status=status.HTTP_201_CREATED)


class ConnectedRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Connected external records of the records the caller may see (read-only)."""

    serializer_class = ConnectedRecordSerializer
    ordering_fields = ("id",)
    ordering = ("-id",)
    search_fields = ("connection__partner_account__name",)
    object_type = ObjectType.LEAD

    def get_queryset(self) -> QuerySet[ConnectedExternalRecord]:
        if getattr(self, "swagger_fake_view", False):
            return ConnectedExternalRecord.objects.none()
        return connected_records_visible_to(caller(self.request), self.object_type)


@extend_schema_view(
    list=extend_schema(summary="Connected External Leads"),
    retrieve=extend_schema(
        summary="A Connected External Lead",
        responses={200: ConnectedRecordSerializer, 404: ERRORS[404]},
    ),
)
class ConnectedLeadViewSet(ConnectedRecordViewSet):
    filterset_class = ConnectedLeadFilter
    object_type = ObjectType.LEAD


@extend_schema_view(
    list=extend_schema(summary="Connected External Opportunities"),
    retrieve=extend_schema(
        summary="A Connected External Opportunity",
        responses={200: ConnectedRecordSerializer, 404: ERRORS[404]},
    ),
)
class ConnectedOpportunityViewSet(ConnectedRecordViewSet):
    filterset_class = ConnectedOpportunityFilter
    object_type = ObjectType.OPPORTUNITY
