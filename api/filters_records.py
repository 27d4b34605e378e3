"""Filters and ordering of the record lists: the site's list filters, plus date ranges.

Every filter narrows a queryset that already holds only what the caller may see, so no value
of a filter can reach another company's records. A value a filter cannot read is a 400.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

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

# The largest id a database integer column holds; a larger one is refused, not sent.
MAX_ID = 2**63 - 1


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=`` over the view's whitelist; a name outside it is a 400, not ignored."""

    def remove_invalid_fields(
        self, queryset: QuerySet[Any], fields: list[str], view: Any, request: Any
    ) -> list[str]:
        allowed = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        unknown = [term for term in fields if term.lstrip("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(unknown)}; "
                        f"choose from {', '.join(allowed)} (prefix - for descending)."
                    ]
                }
            )
        # A name given twice keeps its first direction.
        return list({term.lstrip("-"): term for term in reversed(fields)}.values())[::-1]


class IdFilter(django_filters.NumberFilter):
    """A record or user id: a whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _MomentField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment that converts to UTC without leaving the calendar."""

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is not None and not 1 < moment.year < 9999:
            raise forms.ValidationError("Give a date between the years 2 and 9998.")
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = _MomentField


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
