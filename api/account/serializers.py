"""Output of the account endpoints: who the caller is, in which company, with which rights."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import PartnerRole

ROLE_NAMES = [role.name.lower() for role in PartnerRole]


class CompanySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """The caller: vendor staff have no company, role or partner flags (null or false)."""

    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField(help_text="Full name, or the email when no name is set.")
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    is_vendor_staff = serializers.BooleanField(help_text="Vendor staff, who may use Django admin.")
    is_vendor_superuser = serializers.BooleanField()
    company = CompanySerializer(allow_null=True, help_text="The partner company, if any.")
    role = serializers.ChoiceField(choices=ROLE_NAMES, allow_null=True)
    is_member_active = serializers.BooleanField(
        help_text="Whether the membership in the company is active (false without one)."
    )
    is_super_user = serializers.BooleanField(
        help_text="Sees the records of colleagues with the same or a lower role."
    )
    is_partner_admin = serializers.BooleanField()
    can_export = serializers.BooleanField(help_text="May export records to the partner's org.")
    holds_seat = serializers.BooleanField(help_text="Holds a PRM seat right now.")
