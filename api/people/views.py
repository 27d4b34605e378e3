"""Team, seats, invitations and partner accounts: the site's team page and Django admin, as API.

Each write calls the service the site or admin calls; a refusal is the service's domain error,
which the API's error handler turns into 400, 403, 404 or 409 with the service's message.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from accounts.models import Invitation, Membership, PartnerAccount
from accounts.services.invitations import (
    invitation_approve,
    invitation_create,
    invitation_request,
    invitation_resend,
    invitation_revoke,
)
from accounts.services.memberships import (
    membership_update,
    membership_update_by_partner_admin,
    partner_account_create,
    partner_account_set_active,
    partner_account_update,
)
from accounts.services.seats import seat_holders, seat_pool_set, seat_summary, with_seats_used
from api.common import caller, errors, row_for_field
from api.filters import ID_PATTERN
from api.people.filters import InvitationFilter, PartnerAccountFilter, TeamFilter
from api.people.permissions import (
    PartnerOrVendorAdminPermission,
    VendorAdminPermission,
    partner_admin_of,
)
from api.people.serializers import (
    InvitationCreateSerializer,
    InvitationSerializer,
    PartnerAccountSerializer,
    SeatPoolUpdateSerializer,
    SeatUsageSerializer,
    TeamMemberSerializer,
    TeamMemberUpdateSerializer,
)
from portal.errors import NotVisible
from portal.selectors.lists import team_member_get, team_members


@extend_schema_view(
    list=extend_schema(responses={200: TeamMemberSerializer(many=True), **errors(400, 401, 403)}),
    retrieve=extend_schema(responses={200: TeamMemberSerializer, **errors(401, 403, 404)}),
)
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Members of the partner admin's company (vendor admins: of every company)."""

    serializer_class = TeamMemberSerializer
    lookup_value_regex = ID_PATTERN
    permission_classes = (IsAuthenticated, PartnerOrVendorAdminPermission)
    partner_admin_actions = frozenset({"list", "retrieve", "partial_update"})
    partner_denied_message = "The team is for the partner admins of your company."
    vendor_perms = {
        "list": "accounts.view_membership",
        "retrieve": "accounts.view_membership",
        "partial_update": "accounts.change_membership",
    }
    http_method_names = ["get", "patch", "head", "options"]
    filterset_class = TeamFilter
    search_fields = ("user__email", "user__first_name", "user__last_name")
    ordering_fields = ("email", "last_name", "role", "created_at")
    ordering = ("last_name",)

    def get_queryset(self) -> QuerySet[Membership]:
        admin = partner_admin_of(self.request.user)
        if admin is not None:
            members = team_members(admin)
        else:
            members = Membership.objects.select_related("user", "partner_account")
        # Cursor pagination reads its position from an attribute, so related sort keys are
        # annotated onto the row.
        return members.annotate(email=F("user__email"), last_name=F("user__last_name"))

    def get_object(self) -> Membership:
        user, pk = caller(self.request), self.kwargs["pk"]
        if partner_admin_of(user) is not None:
            return team_member_get(user, pk)
        member = self.get_queryset().filter(pk=pk).first()
        if member is None:
            raise NotVisible("Not found.")
        return member

    @extend_schema(
        request=TeamMemberUpdateSerializer,
        responses={200: TeamMemberSerializer, **errors(400, 401, 403, 404, 409)},
        description="Partner admins change the role; vendor admins also the flags and active. "
        "Granting partner admin or export permission takes a PRM seat (409 when none is free).",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        serializer = TeamMemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if partner_admin_of(request.user) is not None:
            updated = membership_update_by_partner_admin(
                actor=caller(request), membership=member, **changes
            )
        else:
            updated = membership_update(actor=caller(request), membership=member, **changes)
        return Response(TeamMemberSerializer(updated).data)


class SeatsView(APIView):
    """The PRM seat pool; a partner admin also sees how many seats their company holds."""

    permission_classes = (IsAuthenticated, PartnerOrVendorAdminPermission)
    partner_admin_actions = frozenset({"GET"})
    partner_denied_message = "Seats are shown to the partner admins of your company."
    vendor_perms = {"GET": "accounts.view_seatpool", "PATCH": "accounts.change_seatpool"}

    def _usage(self, request: Request) -> dict[str, Any]:
        summary = seat_summary()
        admin = partner_admin_of(request.user)
        company = admin.partner_account if admin is not None else None
        return {
            "purchased": summary.purchased,
            "used": summary.used,
            "available": summary.free,
            "is_warning": summary.is_warning,
            "company": company,
            "company_used": (
                seat_holders().filter(partner_account=company).count() if company else None
            ),
        }

    @extend_schema(responses={200: SeatUsageSerializer, **errors(401, 403)})
    def get(self, request: Request) -> Response:
        return Response(SeatUsageSerializer(self._usage(request)).data)

    @extend_schema(
        request=SeatPoolUpdateSerializer,
        responses={200: SeatUsageSerializer, **errors(400, 401, 403, 409)},
        description="Set the seats purchased; 409 when fewer than the seats in use.",
    )
    def patch(self, request: Request) -> Response:
        serializer = SeatPoolUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seat_pool_set(
            actor=caller(request), seats_purchased=serializer.validated_data["seats_purchased"]
        )
        return Response(SeatUsageSerializer(self._usage(request)).data)


@extend_schema_view(
    list=extend_schema(responses={200: InvitationSerializer(many=True), **errors(400, 401, 403)}),
    retrieve=extend_schema(responses={200: InvitationSerializer, **errors(401, 403, 404)}),
)
class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Invitations as admin shows them; partner admins may only request one, as on the site."""

    serializer_class = InvitationSerializer
    lookup_value_regex = ID_PATTERN
    permission_classes = (IsAuthenticated, PartnerOrVendorAdminPermission)
    partner_admin_actions = frozenset({"create"})
    partner_denied_message = "Only vendor admins manage invitations."
    vendor_perms = {
        "list": "accounts.view_invitation",
        "retrieve": "accounts.view_invitation",
        "create": "accounts.add_invitation",
        "revoke": "accounts.change_invitation",
        "resend": "accounts.change_invitation",
        "approve": "accounts.change_invitation",
    }
    queryset = Invitation.objects.select_related("partner_account", "invited_by")
    filterset_class = InvitationFilter
    search_fields = ("email", "partner_account__name")
    ordering_fields = ("created_at", "email")
    ordering = ("-created_at",)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **errors(400, 401, 403, 409)},
        description="A vendor admin's invitation is emailed at once; a partner admin's is a "
        "request the vendor approves. A seat capability reserves a PRM seat (409 when none).",
    )
    def create(self, request: Request) -> Response:
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        account_id = data.pop("partner_account", None)
        user = caller(request)
        admin = partner_admin_of(user)
        if admin is not None:
            if account_id not in (None, admin.partner_account_id):
                raise ValidationError(
                    {"partner_account": ["Partner admins invite to their own company only."]}
                )
            invitation = invitation_request(
                actor=user, partner_account=admin.partner_account, **data
            )
        else:
            if account_id is None:
                raise ValidationError({"partner_account": ["This field is required."]})
            account = row_for_field(PartnerAccount, "partner_account", account_id)
            invitation = invitation_create(actor=user, partner_account=account, **data)
        body = InvitationSerializer(invitation).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _act(self, service: Any) -> Response:
        invitation = service(actor=caller(self.request), invitation=self.get_object())
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(
        request=None, responses={200: InvitationSerializer, **errors(401, 403, 404, 409)}
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        """Withdraw the invitation: its link stops working and its seat reservation ends."""
        return self._act(invitation_revoke)

    @extend_schema(
        request=None, responses={200: InvitationSerializer, **errors(401, 403, 404, 409)}
    )
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: str) -> Response:
        """Send a sent invitation again with a new link and expiry."""
        return self._act(invitation_resend)

    @extend_schema(
        request=None, responses={200: InvitationSerializer, **errors(401, 403, 404, 409)}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve a partner admin's request, which sends the invitation."""
        return self._act(invitation_approve)


@extend_schema_view(
    list=extend_schema(
        responses={200: PartnerAccountSerializer(many=True), **errors(400, 401, 403)}
    ),
    retrieve=extend_schema(responses={200: PartnerAccountSerializer, **errors(401, 403, 404)}),
    create=extend_schema(responses={201: PartnerAccountSerializer, **errors(400, 401, 403, 409)}),
    update=extend_schema(
        responses={200: PartnerAccountSerializer, **errors(400, 401, 403, 404, 409)}
    ),
    partial_update=extend_schema(
        responses={200: PartnerAccountSerializer, **errors(400, 401, 403, 404, 409)}
    ),
)
class PartnerAccountViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    GenericViewSet,
):
    """Partner companies, created and changed through the partner account services."""

    serializer_class = PartnerAccountSerializer
    lookup_value_regex = ID_PATTERN
    permission_classes = (IsAuthenticated, VendorAdminPermission)
    vendor_perms = {
        "list": "accounts.view_partneraccount",
        "retrieve": "accounts.view_partneraccount",
        "create": "accounts.add_partneraccount",
        "update": "accounts.change_partneraccount",
        "partial_update": "accounts.change_partneraccount",
    }
    filterset_class = PartnerAccountFilter
    search_fields = ("name", "website_domain")
    ordering_fields = ("name", "created_at", "tier", "region", "program")
    ordering = ("name",)

    def get_queryset(self) -> QuerySet[PartnerAccount]:
        return with_seats_used(PartnerAccount.objects.select_related("parent", "channel_manager"))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        is_active = data.pop("is_active", True)
        user = caller(self.request)
        with transaction.atomic():
            account = partner_account_create(actor=user, **data)
            if not is_active:
                partner_account_set_active(actor=user, account=account, is_active=False)
        serializer.instance = self.get_queryset().get(pk=account.pk)

    def perform_update(self, serializer: Any) -> None:
        account: PartnerAccount = serializer.instance
        data = dict(serializer.validated_data)
        is_active = data.pop("is_active", account.is_active)
        changes = {
            field: value for field, value in data.items() if getattr(account, field) != value
        }
        user = caller(self.request)
        with transaction.atomic():
            if changes:
                account = partner_account_update(actor=user, account=account, **changes)
            if is_active != account.is_active:
                account = partner_account_set_active(
                    actor=user, account=account, is_active=is_active
                )
        serializer.instance = self.get_queryset().get(pk=account.pk)
