"""Account endpoints: the caller's own identity, company, role, flags and seat."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership, PartnerRole, User
from accounts.services.seats import membership_holds_seat
from api.account.serializers import MeSerializer
from api.common import caller, errors


def membership_of(user: User) -> Membership | None:
    """The user's membership with company and user loaded, as the site's pages show it."""
    return Membership.objects.select_related("partner_account", "user").filter(user=user).first()


def me_data(user: User) -> dict[str, Any]:
    """What ``GET /me/`` reports about ``user``."""
    membership = None if user.is_staff else membership_of(user)
    company = membership.partner_account if membership else None
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name() or user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_vendor_staff": user.is_staff,
        "is_vendor_superuser": user.is_staff and user.is_superuser,
        "company": {"id": company.pk, "name": company.name} if company else None,
        "role": PartnerRole(membership.role).name.lower() if membership else None,
        "is_member_active": bool(membership and membership.is_active),
        "is_super_user": bool(membership and membership.is_super_user),
        "is_partner_admin": bool(membership and membership.is_partner_admin),
        "can_export": bool(membership and membership.can_export),
        "holds_seat": bool(membership and membership_holds_seat(membership)),
    }


class MeView(APIView):
    """The caller's identity and rights."""

    @extend_schema(
        operation_id="me_retrieve",
        summary="Who am I",
        responses={200: MeSerializer, **errors(401)},
        tags=["account"],
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(me_data(caller(request))).data)
