"""Input and output shapes of the team, seat, invitation and partner account endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import (
    Invitation,
    Membership,
    PartnerAccount,
    PartnerRole,
    SeatPool,
    User,
)
from accounts.services.memberships import PARTNER_ACCOUNT_FIELDS
from accounts.services.seats import membership_holds_seat
from api.account.serializers import ROLE_NAMES
from api.filters import MAX_ID


class RoleField(serializers.ChoiceField):
    """A partner role by name (user, manager, executive)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ROLE_NAMES, **kwargs)

    def to_representation(self, value: Any) -> str:
        return PartnerRole(value).name.lower()

    def to_internal_value(self, data: Any) -> int:
        return int(PartnerRole[str(super().to_internal_value(data)).upper()])


class MemberUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "first_name", "last_name", "is_active")
        read_only_fields = fields


class PartnerAccountRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerAccount
        fields = ("id", "name")
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer):
    """A member as the team page lists it: role, flags, whether they hold a PRM seat."""

    user = MemberUserSerializer(read_only=True)
    partner_account = PartnerAccountRefSerializer(read_only=True)
    role = RoleField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    holds_seat = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = (
            "id",
            "user",
            "partner_account",
            "role",
            "role_label",
            "is_super_user",
            "is_partner_admin",
            "can_export",
            "is_active",
            "holds_seat",
            "created_at",
        )
        read_only_fields = fields

    def get_holds_seat(self, membership: Membership) -> bool:
        return membership_holds_seat(membership)


class TeamMemberUpdateSerializer(serializers.Serializer):
    """The changes a team member may receive; every one goes through membership_update."""

    role = RoleField(required=False)
    is_super_user = serializers.BooleanField(required=False)
    is_partner_admin = serializers.BooleanField(required=False)
    can_export = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of role, is_super_user, is_partner_admin, can_export, is_active."
            )
        return attrs


class SeatUsageSerializer(serializers.Serializer):
    """The vendor's PRM seat pool, and for a partner admin their company's share of it."""

    purchased = serializers.IntegerField()
    used = serializers.IntegerField()
    available = serializers.IntegerField()
    is_warning = serializers.BooleanField(help_text="At or above the warning ratio (90 %).")
    company = PartnerAccountRefSerializer(allow_null=True, help_text="The partner admin's company.")
    company_used = serializers.IntegerField(
        allow_null=True, help_text="Seats held by members of the partner admin's company."
    )


class SeatPoolUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeatPool
        fields = ("seats_purchased",)
        extra_kwargs = {"seats_purchased": {"required": True}}


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as admin lists it; the signed link never leaves the email."""

    partner_account = PartnerAccountRefSerializer(read_only=True)
    invited_by = MemberUserSerializer(read_only=True, allow_null=True)
    role = RoleField(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    takes_seat = serializers.BooleanField(source="needs_seat", read_only=True)
    display_status = serializers.CharField(read_only=True, help_text="Status, or Expired.")

    class Meta:
        model = Invitation
        fields = (
            "id",
            "email",
            "partner_account",
            "role",
            "role_label",
            "is_super_user",
            "is_partner_admin",
            "can_export",
            "takes_seat",
            "status",
            "display_status",
            "invited_by",
            "created_at",
            "sent_at",
            "expires_at",
            "accepted_at",
        )
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    """A vendor admin's invitation (sent at once) or a partner admin's request to the vendor."""

    email = serializers.EmailField()
    partner_account = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="The company's id: required for vendor admins; a partner admin may leave it "
        "out (their own company) or give their own company's id.",
    )
    role = RoleField(required=False, help_text="user when left out.")
    is_super_user = serializers.BooleanField(default=False)
    is_partner_admin = serializers.BooleanField(default=False)
    can_export = serializers.BooleanField(default=False)


class PartnerAccountSerializer(serializers.ModelSerializer):
    """A partner company; saved through the partner account services, never directly."""

    parent = serializers.PrimaryKeyRelatedField(
        queryset=PartnerAccount.objects.all(), allow_null=True, required=False
    )
    channel_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_staff=True), allow_null=True, required=False
    )
    seats_used = serializers.SerializerMethodField()

    class Meta:
        model = PartnerAccount
        # Writable: what partner_account_update changes, and is_active (partner_account_set_active).
        fields = ("id", *PARTNER_ACCOUNT_FIELDS, "is_active", "seats_used", "created_at")
        read_only_fields = ("id", "seats_used", "created_at")

    def get_seats_used(self, account: Any) -> int:
        return int(getattr(account, "seats_total", 0))
