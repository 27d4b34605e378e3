"""Shares of leads, opportunities and accounts for vendor admins, as admin's share actions.

Shares are guardian object permissions kept in one table per record type and target kind, so
the list walks the records of one type that are shared at all, each with its shares.
Granting and revoking go through portal.services.sharing, the only code that writes shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts.models import PartnerAccount, User
from accounts.selectors import is_vendor_admin
from api.common import caller, errors, row_for_field
from api.filters import MAX_ID
from api.people.filters import RECORD_TYPES, ShareFilter
from api.people.permissions import VendorStaffPermission
from api.people.serializers import MemberUserSerializer, PartnerAccountRefSerializer
from portal.kinds import kind_for_model, shareable_kinds
from portal.models import Lead
from portal.selectors.shares import ACCESS_LEVELS
from portal.services.access import SPECS, AccessSpec
from portal.services.sharing import share_grant, share_revoke

SHAREABLE = {kind.slug: kind for kind in shareable_kinds()}
MAX_RECORDS = 1000


class ShareSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=(("company", "Company"), ("user", "User")))
    partner_account = PartnerAccountRefSerializer(allow_null=True)
    user = MemberUserSerializer(allow_null=True)
    level = serializers.ChoiceField(choices=list(ACCESS_LEVELS.items()))


class SharedRecordSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=RECORD_TYPES)
    id = serializers.IntegerField()
    name = serializers.CharField()
    shares = ShareSerializer(many=True)


class ShareTargetSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=RECORD_TYPES)
    records = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_RECORDS,
    )
    partner_account = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="A partner company (everybody in it) ...",
    )
    user = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="... or one partner user personally.",
    )


class ShareGrantSerializer(ShareTargetSerializer):
    level = serializers.ChoiceField(choices=list(ACCESS_LEVELS.items()), default="read")


class ShareResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many records the change covered.")


def _accessor(perm_model: type[models.Model]) -> str:
    field = perm_model._meta.get_field("content_object")
    return str(field.remote_field.get_accessor_name())  # type: ignore[union-attr]


def shared_records(spec: AccessSpec) -> QuerySet[Any]:
    """Records with at least one share, with every share row prefetched."""
    group_rows = spec.group_perm._default_manager.select_related(
        "group__partner_account", "permission"
    )
    user_rows = spec.user_perm._default_manager.select_related("user", "permission")
    shared = Exists(
        spec.group_perm._default_manager.filter(content_object=OuterRef("pk"))
    ) | Exists(spec.user_perm._default_manager.filter(content_object=OuterRef("pk")))
    return (
        spec.record._default_manager.filter(shared)
        .prefetch_related(
            Prefetch(_accessor(spec.group_perm), queryset=group_rows, to_attr="group_shares"),
            Prefetch(_accessor(spec.user_perm), queryset=user_rows, to_attr="user_shares"),
        )
        .order_by()
    )


def _shares_of(record: Any) -> list[dict[str, Any]]:
    """One entry per company or user the record is shared with; Read/Write when change is held."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for row in record.group_shares:
        company = getattr(row.group, "partner_account", None)
        if company is None:
            continue
        entry = found.setdefault(
            ("company", company.pk),
            {"target_type": "company", "partner_account": company, "user": None, "level": "read"},
        )
        if row.permission.codename.startswith("change_"):
            entry["level"] = "edit"
    for row in record.user_shares:
        entry = found.setdefault(
            ("user", row.user.pk),
            {"target_type": "user", "partner_account": None, "user": row.user, "level": "read"},
        )
        if row.permission.codename.startswith("change_"):
            entry["level"] = "edit"
    return list(found.values())


def _perm(model: type[models.Model], kind: str) -> str:
    return f"{model._meta.app_label}.{kind}_{model._meta.model_name}"


def _require(request: Request, model: type[models.Model], kind: str) -> None:
    """Admin's model permission for the record type: view to list, change to share."""
    perm = _perm(model, kind)
    if not is_vendor_admin(request.user, perm):
        raise PermissionDenied(f"Only vendor admins with the {perm} permission may do this.")


def _records(model: type[models.Model], ids: Sequence[int]) -> list[models.Model]:
    records = list(model._default_manager.filter(pk__in=set(ids)))
    missing = sorted(set(ids) - {r.pk for r in records})
    if missing:
        name = model._meta.verbose_name_plural
        raise ValidationError({"records": [f"No {name} with these ids: {missing}."]})
    return records


def _lookup(model: type[models.Model], field: str, pk: int | None) -> Any:
    return None if pk is None else row_for_field(model, field, pk)


@extend_schema_view(
    list=extend_schema(
        responses={
            200: SharedRecordSerializer(many=True),
            **errors(401, 403),
            400: OpenApiResponse(description="record_type missing or invalid; bad filter."),
        }
    )
)
class ShareViewSet(mixins.ListModelMixin, GenericViewSet):
    """Company-wide and personal shares of leads, opportunities and accounts."""

    # Staff up front; the record type then names the exact model permission (see _require).
    permission_classes = (IsAuthenticated, VendorStaffPermission)
    serializer_class = SharedRecordSerializer
    filterset_class = ShareFilter
    ordering_fields = ("id", "created_at")
    ordering = ("-created_at",)

    @property
    def search_fields(self) -> tuple[str, ...]:
        return kind_for_model(self._model()).search_fields

    def _model(self) -> type[models.Model]:
        if getattr(self, "swagger_fake_view", False) or self.action != "list":
            return Lead
        value = self.request.query_params.get("record_type")
        if value not in SHAREABLE:
            choices = ", ".join(SHAREABLE)
            raise ValidationError({"record_type": [f"Choose one of {choices}."]})
        return SHAREABLE[value].model

    def get_queryset(self) -> QuerySet[Any]:
        model = self._model()
        if not getattr(self, "swagger_fake_view", False):
            _require(self.request, model, "view")
        return shared_records(SPECS[model])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [
            {
                "record_type": request.query_params["record_type"],
                "id": record.pk,
                "name": str(record),
                "shares": _shares_of(record),
            }
            for record in page or []
        ]
        return self.get_paginated_response(SharedRecordSerializer(rows, many=True).data)

    def _targets(self, data: dict[str, Any]) -> tuple[type[models.Model], dict[str, Any]]:
        model = SHAREABLE[data["record_type"]].model
        _require(self.request, model, "change")
        return model, {
            "records": _records(model, data["records"]),
            "partner_account": _lookup(
                PartnerAccount, "partner_account", data.get("partner_account")
            ),
            "user": _lookup(User, "user", data.get("user")),
        }

    @extend_schema(
        request=ShareGrantSerializer,
        responses={
            201: ShareResultSerializer,
            **errors(401, 403),
            400: OpenApiResponse(description="Invalid input or a share the rules refuse."),
        },
        description="Share records of one type with a partner company or one partner user at "
        "read or edit (Read/Write); sharing again at read lowers an edit share.",
    )
    def create(self, request: Request) -> Response:
        serializer = ShareGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _, target = self._targets(serializer.validated_data)
        count = share_grant(
            actor=caller(request), level=serializer.validated_data["level"], **target
        )
        return Response(
            ShareResultSerializer({"count": count}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ShareTargetSerializer,
        responses={
            200: ShareResultSerializer,
            **errors(400, 401, 403),
        },
        description="Remove the shares of records with a partner company or one partner user.",
    )
    @action(detail=False, methods=["post"])
    def revoke(self, request: Request) -> Response:
        serializer = ShareTargetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _, target = self._targets(serializer.validated_data)
        count = share_revoke(actor=caller(request), **target)
        return Response(ShareResultSerializer({"count": count}).data)
