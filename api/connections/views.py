"""API of connections and field mappings: vendor admins run them all, a partner admin their own.

Reads are scoped like admin (vendor staff holding the view permission) and the partner site
(the company's partner admin with a seat); every change is one service call, which applies the
same rules as admin and the site.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import PartnerAccount, User
from accounts.selectors import is_vendor_admin, vendor_admin_require
from api.common import (
    caller,
    errors,
    partner_admin_company,
    row_for_field,
    valid_data,
)
from api.connections.serializers import (
    ConnectionInviteSerializer,
    ConnectionSerializer,
    CredentialsSerializer,
    DeleteConfirmSerializer,
    DeletedSerializer,
    ObjectMappingSerializer,
    PartnerMappingSerializer,
    RotateSerializer,
    TestReportSerializer,
    VendorFieldsSerializer,
    VendorMappingCreateSerializer,
    report_data,
)
from api.exports.filters import ConnectionFilter, ObjectMappingFilter
from sync.errors import ActionNotPermitted
from sync.models import Connection, ObjectMapping
from sync.services.connections.lifecycle import (
    connection_delete,
    connection_disable,
    connection_reconnect,
)
from sync.services.connections.setup import (
    connection_credentials_save,
    connection_invite,
    connection_secret_rotate,
    connection_test,
)
from sync.services.mappings.save import mapping_partner_save, mapping_vendor_save

ERRORS = errors(400, 403, 404)
CONFLICT = {409: OpenApiResponse(description="The connection's state does not allow it.")}


def connections_scope(user: User) -> QuerySet[Connection]:
    """Connections the user may read: all for vendor admins, their company's for its admin."""
    connections = Connection.objects.select_related("partner_account", "invited_by")
    if is_vendor_admin(user, "sync.view_connection"):
        return connections.all()
    return connections.filter(partner_account=partner_admin_company(user, "connections"))


def connection_response(connection: Connection, code: int = status.HTTP_200_OK) -> Response:
    connection.refresh_from_db()
    return Response(ConnectionSerializer(connection).data, status=code)


@extend_schema_view(
    list=extend_schema(summary="Connections", responses={200: ConnectionSerializer, **ERRORS}),
    retrieve=extend_schema(summary="A connection", responses={200: ConnectionSerializer, **ERRORS}),
)
class ConnectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Partner companies' connections to their Salesforce orgs; the secret is never returned."""

    serializer_class = ConnectionSerializer
    filterset_class = ConnectionFilter
    ordering_fields = ("created_at", "updated_at", "status")
    ordering = ("-created_at",)
    search_fields = ("partner_account__name", "my_domain")

    def get_queryset(self) -> QuerySet[Connection]:
        if getattr(self, "swagger_fake_view", False):
            return Connection.objects.none()
        return connections_scope(caller(self.request))

    @extend_schema(
        summary="Invite a partner company to connect",
        description="As admin's Add connection: opens (or reuses) the company's Pending "
        "connection and emails its partner admins the setup link.",
        request=ConnectionInviteSerializer,
        responses={201: ConnectionSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        user = caller(request)
        vendor_admin_require(
            user,
            "sync.change_connection",
            what="invite partners to connect",
            error=ActionNotPermitted,
        )
        account_id = valid_data(ConnectionInviteSerializer, request)["partner_account"]
        account = row_for_field(PartnerAccount, "partner_account", account_id)
        connection = connection_invite(actor=user, partner_account=account)
        return connection_response(connection, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Disable the connection",
        request=None,
        responses={200: ConnectionSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def disable(self, request: Request, pk: str) -> Response:
        connection = connection_disable(actor=caller(request), connection=self.get_object())
        return connection_response(connection)

    @extend_schema(
        summary="Reconnect: test again, then resume",
        request=None,
        responses={200: ConnectionSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reconnect(self, request: Request, pk: str) -> Response:
        connection = connection_reconnect(actor=caller(request), connection=self.get_object())
        return connection_response(connection)

    @extend_schema(
        summary="Delete the connection and its vendor-side data",
        description="Type the company's name exactly in `confirm_text`, as on admin's page.",
        request=DeleteConfirmSerializer,
        responses={200: DeletedSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="delete")
    def remove(self, request: Request, pk: str) -> Response:
        typed = valid_data(DeleteConfirmSerializer, request)["confirm_text"]
        connection = self.get_object()
        name = connection_delete(actor=caller(request), connection=connection, confirm_text=typed)
        return Response(DeletedSerializer({"deleted": name}).data)

    @extend_schema(
        summary="Test connection (the company's partner admin)",
        request=None,
        responses={200: TestReportSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str) -> Response:
        report = connection_test(actor=caller(request), connection=self.get_object())
        return Response(report_data(report))

    @extend_schema(
        summary="Save the org's credentials (the company's partner admin)",
        request=CredentialsSerializer,
        responses={200: ConnectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def credentials(self, request: Request, pk: str) -> Response:
        data = valid_data(CredentialsSerializer, request)
        connection = self.get_object()
        connection_credentials_save(actor=caller(request), connection=connection, **data)
        return connection_response(connection)

    @extend_schema(
        summary="Replace the client secret (the company's partner admin)",
        request=RotateSerializer,
        responses={200: ConnectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        secret = valid_data(RotateSerializer, request)["client_secret"]
        connection = self.get_object()
        connection_secret_rotate(actor=caller(request), connection=connection, client_secret=secret)
        return connection_response(connection)


def mappings_scope(user: User) -> QuerySet[ObjectMapping]:
    """Mappings the user may read: all for vendor admins, their connection's for its admin."""
    mappings = ObjectMapping.objects.select_related("connection__partner_account")
    mappings = mappings.prefetch_related("fields")
    if is_vendor_admin(user, "sync.view_objectmapping"):
        return mappings.all()
    return mappings.filter(connection__partner_account=partner_admin_company(user, "mappings"))


@extend_schema_view(
    list=extend_schema(
        summary="Field mappings", responses={200: ObjectMappingSerializer, **ERRORS}
    ),
    retrieve=extend_schema(
        summary="One object's field mapping", responses={200: ObjectMappingSerializer, **ERRORS}
    ),
)
class MappingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Object and field mappings: the vendor's selection and the partner admin's mapping."""

    serializer_class = ObjectMappingSerializer
    filterset_class = ObjectMappingFilter
    ordering_fields = ("updated_at", "object_type")
    ordering = ("-updated_at",)
    search_fields = ("connection__partner_account__name",)

    def get_queryset(self) -> QuerySet[ObjectMapping]:
        if getattr(self, "swagger_fake_view", False):
            return ObjectMapping.objects.none()
        return mappings_scope(caller(self.request))

    @extend_schema(
        summary="Choose the exported and update fields of a connection's object (vendor)",
        description="As admin's mapping form; creates the object's mapping or replaces its "
        "selection. Invalid fields are a 400 naming each field.",
        request=VendorMappingCreateSerializer,
        responses={201: ObjectMappingSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        user = caller(request)
        vendor_admin_require(
            user,
            "sync.change_objectmapping",
            what="choose the exported fields",
            error=ActionNotPermitted,
        )
        data = valid_data(VendorMappingCreateSerializer, request)
        connection = row_for_field(Connection, "connection", data.pop("connection"))
        mapping = mapping_vendor_save(actor=user, connection=connection, **data)
        return mapping_response(mapping, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Replace the vendor's field selection (vendor)",
        request=VendorFieldsSerializer,
        responses={200: ObjectMappingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="vendor-fields")
    def vendor_fields(self, request: Request, pk: str) -> Response:
        mapping = self.get_object()
        data = valid_data(VendorFieldsSerializer, request)
        saved = mapping_vendor_save(
            actor=caller(request),
            connection=mapping.connection,
            object_type=mapping.object_type,
            **data,
        )
        return mapping_response(saved)

    @extend_schema(
        summary="Map the exported fields onto the partner org (the company's partner admin)",
        description="As the partner site's mapping page: validated against the org's describe; "
        "a valid mapping becomes ActiveMapping.",
        request=PartnerMappingSerializer,
        responses={200: ObjectMappingSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def partner(self, request: Request, pk: str) -> Response:
        mapping = self.get_object()
        data = valid_data(PartnerMappingSerializer, request)
        saved = mapping_partner_save(
            actor=caller(request), object_mapping=mapping, rows=data.pop("fields"), **data
        )
        return mapping_response(saved)


def mapping_response(mapping: ObjectMapping, code: int = status.HTTP_200_OK) -> Response:
    shown = ObjectMapping.objects.select_related("connection__partner_account").get(pk=mapping.pk)
    return Response(ObjectMappingSerializer(shown).data, status=code)
