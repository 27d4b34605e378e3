"""Leads, opportunities, accounts and contacts the caller may see, partner edits, and notes.

Reads start from the site's visibility selectors, so a record the caller cannot see is in no
list and answers 404; edits and notes go through the services the site's record page calls.
Vendor staff see every record, as on the partner site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, as_serializer_error

from api.common import caller, errors
from api.filters import ID_PATTERN, StrictOrderingFilter
from api.records.filters import (
    AccountFilter,
    ContactFilter,
    LeadFilter,
    OpportunityFilter,
)
from api.records.serializers import (
    AccountEditSerializer,
    AccountSerializer,
    ContactSerializer,
    LeadEditSerializer,
    LeadSerializer,
    NoteCreateSerializer,
    NoteSerializer,
    OpportunityEditSerializer,
    OpportunitySerializer,
)
from portal.errors import NotVisible
from portal.kinds import ACCOUNT, CONTACT, LEAD, OPPORTUNITY, RecordKind
from portal.models import Account, Lead, Note, Opportunity
from portal.selectors.records import (
    visible_record_get,
)
from portal.services.records import editable_fields, note_add, record_update_by_partner
from sync.selectors.export import export_status_annotate

FORBIDDEN = OpenApiResponse(description="The caller sees the record but may not change it.")
READ_ERRORS = errors(401, 404)
LIST_ERRORS = errors(400, 401)
WRITE_ERRORS = {**errors(400, 401, 404), 403: FORBIDDEN}


def django_errors_raised(error: DjangoValidationError) -> ValidationError:
    """A model validation error from a service, as the API's 400."""
    return ValidationError(as_serializer_error(error))


class _RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve the records the caller may see, through the object's selector."""

    kind: ClassVar[RecordKind]
    related: ClassVar[tuple[str, ...]] = ("owner",)
    lookup_value_regex = ID_PATTERN

    def get_queryset(self) -> QuerySet[Any]:
        return self.kind.visible_to(caller(self.request)).select_related(*self.related)

    def get_object(self) -> Any:
        """The record when the caller may see it; NotVisible (404) for any other id."""
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise NotVisible("Not found.") from None


class _PartnerEditMixin:
    """PATCH of the fields the vendor lets partners edit, through the site's edit service.

    Only PATCH changes a record (the site has no full replace), so PUT is a 405.
    """

    edit_serializer_class: ClassVar[
        type[LeadEditSerializer | OpportunityEditSerializer | AccountEditSerializer]
    ]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the whitelisted fields through the site's edit service."""
        view = cast(_RecordViewSet, self)
        user = caller(request)
        model = cast(type[models.Model], view.get_queryset().model)
        record = visible_record_get(model, user, kwargs["pk"])
        edit = self.edit_serializer_class(data=request.data, editable=editable_fields(model))
        edit.is_valid(raise_exception=True)
        try:
            record_update_by_partner(
                actor=user,
                record=cast(Lead | Opportunity | Account, record),
                changes=dict(edit.validated_data),
            )
        except DjangoValidationError as error:
            raise django_errors_raised(error) from error
        return Response(view.get_serializer(view.get_object()).data)


class _ExportedRecordViewSet(_PartnerEditMixin, _RecordViewSet):
    """Leads and opportunities: Export Status on every row, and partner edits."""

    def get_queryset(self) -> QuerySet[Any]:
        return export_status_annotate(
            super().get_queryset(),
            object_type=self.kind.slug,
            viewer=caller(self.request),
            with_error=True,
        )


_EDIT_DOC = (
    "Change the fields the vendor lets partners edit (see *Partner-editable fields*), on a "
    "record the caller has Read/Write access to. A field outside them is a 400 naming it; "
    "Read access is a 403. A change to an update field of an exported record is pushed to "
    "the partner org as any save is."
)


@extend_schema_view(
    list=extend_schema(
        summary="Leads the caller may see", responses={200: LeadSerializer, **LIST_ERRORS}
    ),
    retrieve=extend_schema(summary="One lead", responses={200: LeadSerializer, **READ_ERRORS}),
    partial_update=extend_schema(
        summary="Edit a lead's partner-editable fields",
        description=_EDIT_DOC,
        request=LeadEditSerializer,
        responses={200: LeadSerializer, **WRITE_ERRORS},
    ),
)
class LeadViewSet(_ExportedRecordViewSet):
    kind = LEAD
    serializer_class = LeadSerializer
    edit_serializer_class = LeadEditSerializer
    filterset_class = LeadFilter
    search_fields = ["first_name", "last_name", "company", "email"]
    ordering_fields = [
        "created_at",
        "updated_at",
        "last_name",
        "first_name",
        "company",
        "email",
        "status",
        "rating",
        "lead_source",
        "industry",
        "export_status",
    ]
    ordering = ["-created_at"]


@extend_schema_view(
    list=extend_schema(
        summary="Opportunities the caller may see",
        responses={200: OpportunitySerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One opportunity", responses={200: OpportunitySerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Edit an opportunity's partner-editable fields",
        description=_EDIT_DOC,
        request=OpportunityEditSerializer,
        responses={200: OpportunitySerializer, **WRITE_ERRORS},
    ),
)
class OpportunityViewSet(_ExportedRecordViewSet):
    related = ("owner", "account")
    kind = OPPORTUNITY
    serializer_class = OpportunitySerializer
    edit_serializer_class = OpportunityEditSerializer
    filterset_class = OpportunityFilter
    search_fields = ["name", "account__name"]
    ordering_fields = [
        "created_at",
        "updated_at",
        "name",
        "close_date",
        "stage",
        "type",
        "lead_source",
        "export_status",
    ]
    ordering = ["-created_at"]


@extend_schema_view(
    list=extend_schema(
        summary="Accounts the caller may see",
        description="Accounts shared with the caller, and those of opportunities they see.",
        responses={200: AccountSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One account", responses={200: AccountSerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Edit an account's partner-editable fields",
        description=_EDIT_DOC,
        request=AccountEditSerializer,
        responses={200: AccountSerializer, **WRITE_ERRORS},
    ),
)
class AccountViewSet(_PartnerEditMixin, _RecordViewSet):
    kind = ACCOUNT
    serializer_class = AccountSerializer
    edit_serializer_class = AccountEditSerializer
    filterset_class = AccountFilter
    search_fields = ["name"]
    ordering_fields = ["name", "created_at", "updated_at", "type", "industry"]
    ordering = ["name"]


@extend_schema_view(
    list=extend_schema(
        summary="Contacts the caller may see",
        description="Contacts are visible with their account.",
        responses={200: ContactSerializer, **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One contact", responses={200: ContactSerializer, **READ_ERRORS}
    ),
)
class ContactViewSet(_RecordViewSet):
    kind = CONTACT
    related = ("owner", "account")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    search_fields = ["first_name", "last_name", "email", "account__name"]
    ordering_fields = ["last_name", "first_name", "email", "created_at", "updated_at"]
    ordering = ["last_name", "first_name"]


RECORD_PK = OpenApiParameter(
    "record_pk", int, OpenApiParameter.PATH, description="The lead's or opportunity's id."
)


class _NoteViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Notes of one lead or opportunity the caller may see; adding one needs Read/Write."""

    model: ClassVar[type[Lead | Opportunity]]
    serializer_class = NoteSerializer
    filter_backends = [StrictOrderingFilter]
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def record(self) -> Lead | Opportunity:
        record = visible_record_get(self.model, caller(self.request), self.kwargs["record_pk"])
        return cast(Lead | Opportunity, record)

    def get_queryset(self) -> QuerySet[Note]:
        if getattr(self, "swagger_fake_view", False):
            return Note.objects.none()
        return self.record().notes.select_related("author")

    def get_serializer_class(self) -> type[BaseSerializer]:
        return NoteCreateSerializer if self.action == "create" else NoteSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a note through the site's note service."""
        record = self.record()
        note_input = NoteCreateSerializer(data=request.data)
        note_input.is_valid(raise_exception=True)
        try:
            note = note_add(
                actor=caller(request), record=record, body=note_input.validated_data["body"]
            )
        except DjangoValidationError as error:
            raise django_errors_raised(error) from error
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


def _note_schema(kind: str) -> Callable[[type[Any]], type[Any]]:
    return extend_schema_view(
        list=extend_schema(
            summary=f"Notes of a {kind}",
            parameters=[RECORD_PK],
            responses={200: NoteSerializer, **READ_ERRORS, **errors(400)},
        ),
        create=extend_schema(
            summary=f"Add a note to a {kind}",
            description="Partners need Read/Write access to the record; vendor staff may always.",
            parameters=[RECORD_PK],
            request=NoteCreateSerializer,
            responses={201: NoteSerializer, **WRITE_ERRORS},
        ),
    )


@_note_schema("lead")
class LeadNoteViewSet(_NoteViewSet):
    model = Lead


@_note_schema("opportunity")
class OpportunityNoteViewSet(_NoteViewSet):
    model = Opportunity
