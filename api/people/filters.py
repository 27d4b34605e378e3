"""Filters of the team, invitation, partner account and share lists."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    PartnerRole,
    Program,
    Region,
    Tier,
)
from api.filters import IdFilter
from portal.kinds import shareable_kinds
from portal.services.access import SPECS

ROLE_CHOICES = [(role.name.lower(), role.label) for role in PartnerRole]
RECORD_TYPES = tuple((kind.slug, kind.label) for kind in shareable_kinds())


def _by_role(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.filter(role=PartnerRole[value.upper()])


class TeamFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=ROLE_CHOICES, method=_by_role)
    partner_account = IdFilter(field_name="partner_account_id")

    class Meta:
        model = Membership
        fields = ("role", "is_super_user", "is_partner_admin", "can_export", "is_active")


class InvitationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=[*InvitationStatus.choices, ("expired", "Expired")],
        method="filter_status",
        help_text="As admin shows it: pending excludes expired invitations.",
    )
    role = filters.ChoiceFilter(choices=ROLE_CHOICES, method=_by_role)
    partner_account = IdFilter(field_name="partner_account_id")
    email = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Invitation
        fields = ("is_partner_admin", "can_export")

    def filter_status(
        self, queryset: QuerySet[Invitation], name: str, value: str
    ) -> QuerySet[Invitation]:
        now = timezone.now()
        if value == "expired":
            return queryset.filter(status=InvitationStatus.PENDING, expires_at__lte=now)
        if value == InvitationStatus.PENDING:
            return queryset.filter(status=value).exclude(expires_at__lte=now)
        return queryset.filter(status=value)


class PartnerAccountFilter(filters.FilterSet):
    tier = filters.ChoiceFilter(choices=Tier.choices)
    region = filters.ChoiceFilter(choices=Region.choices)
    program = filters.ChoiceFilter(choices=Program.choices)
    parent = IdFilter(field_name="parent_id")
    has_parent = filters.BooleanFilter(field_name="parent", lookup_expr="isnull", exclude=True)
    channel_manager = IdFilter(field_name="channel_manager_id")

    class Meta:
        model = PartnerAccount
        fields = ("is_active", "role_count")


class ShareFilter(filters.FilterSet):
    """Filters of the shared records; the record type itself picks the table (see the view)."""

    record_type = filters.ChoiceFilter(
        choices=RECORD_TYPES, required=True, method="filter_nothing", help_text="Required."
    )
    record = IdFilter(field_name="pk")
    partner_account = IdFilter(
        method="filter_partner_account", help_text="Records shared with this partner account."
    )
    user = IdFilter(method="filter_user", help_text="Records shared with this user.")

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_partner_account(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        held = SPECS[queryset.model].group_perm._default_manager.filter(
            content_object=OuterRef("pk"), group__partner_account=value
        )
        return queryset.filter(Exists(held))

    def filter_user(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        held = SPECS[queryset.model].user_perm._default_manager.filter(
            content_object=OuterRef("pk"), user=value
        )
        return queryset.filter(Exists(held))
