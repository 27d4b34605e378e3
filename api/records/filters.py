"""Filters and ordering of the record lists: the site's list filters, plus date ranges.

Every filter narrows a queryset that already holds only what the caller may see, so no value
of a filter can reach another company's records. A value a filter cannot read is a 400.
"""

from __future__ import annotations

from typing import Any

import django_filters

from api.filters import IdFilter, MomentFilter
from portal.models import (
    Account,
    AccountType,
    Contact,
    Industry,
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    OpportunityType,
    Rating,
    Stage,
)
from sync.models import ExportStatus


def _choices(choices: Any, field_name: str, label: str) -> django_filters.MultipleChoiceFilter:
    return django_filters.MultipleChoiceFilter(
        field_name=field_name,
        choices=choices,
        distinct=False,
        label=f"{label}; repeat the parameter for any of several.",
    )


class _RecordFilter(django_filters.FilterSet):
    """Owner and the created / last modified ranges every record list has."""

    owner = IdFilter(field_name="owner_id", label="Owner's user id.")
    created_after = MomentFilter(
        field_name="created_at", lookup_expr="gte", label="Created at or after (ISO 8601)."
    )
    created_before = MomentFilter(
        field_name="created_at", lookup_expr="lt", label="Created before (ISO 8601)."
    )
    updated_after = MomentFilter(
        field_name="updated_at", lookup_expr="gte", label="Last modified at or after (ISO 8601)."
    )
    updated_before = MomentFilter(
        field_name="updated_at", lookup_expr="lt", label="Last modified before (ISO 8601)."
    )


class _ExportedFilter(_RecordFilter):
    export_status = _choices(ExportStatus.choices, "export_status", "Export Status code")


class LeadFilter(_ExportedFilter):
    status = _choices(LeadStatus.choices, "status", "Lead status")
    rating = _choices(Rating.choices, "rating", "Rating")
    lead_source = _choices(LeadSource.choices, "lead_source", "Lead source")
    industry = _choices(Industry.choices, "industry", "Industry")

    class Meta:
        model = Lead
        fields: list[str] = []


class OpportunityFilter(_ExportedFilter):
    stage = _choices(Stage.choices, "stage", "Stage")
    type = _choices(OpportunityType.choices, "type", "Opportunity type")
    lead_source = _choices(LeadSource.choices, "lead_source", "Lead source")
    account = IdFilter(field_name="account_id", label="Account id.")
    close_date_after = django_filters.DateFilter(
        field_name="close_date", lookup_expr="gte", label="Closes on or after (YYYY-MM-DD)."
    )
    close_date_before = django_filters.DateFilter(
        field_name="close_date", lookup_expr="lte", label="Closes on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []


class AccountFilter(_RecordFilter):
    type = _choices(AccountType.choices, "type", "Account type")
    industry = _choices(Industry.choices, "industry", "Industry")

    class Meta:
        model = Account
        fields: list[str] = []


class ContactFilter(_RecordFilter):
    account = IdFilter(field_name="account_id", label="Account id.")
    lead_source = _choices(LeadSource.choices, "lead_source", "Lead source")

    class Meta:
        model = Contact
        fields: list[str] = []
