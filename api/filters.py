"""What every API list shares: id filters, strict ordering and a search that refuses NUL.

Each area's filter sets (filters_records, filters_connect, filters_admin) build on these; the
ordering and search backends are the project defaults (REST_FRAMEWORK in settings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from rest_framework import filters
from rest_framework.exceptions import ValidationError

# Ids longer than this could not be a row's id: routes and id filters refuse them.
ID_PATTERN = "[0-9]{1,18}"
MAX_ID = 10**18 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _MomentField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, converted to UTC, within the years a database column holds.

    Converting keeps offsets the database would refuse (PostgreSQL takes at most +/-15:59) out
    of the query; a moment that leaves the calendar when converted is a 400.
    """

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            moment = moment.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Give a date between the years 2 and 9998.") from None
        if not 1 < moment.year < 9999:
            raise forms.ValidationError("Give a date between the years 2 and 9998.")
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    """A date-and-time filter (ISO 8601, any offset)."""

    field_class = _MomentField


class StrictOrderingFilter(filters.OrderingFilter):
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


class SearchFilter(filters.SearchFilter):
    """``?search=``; a NUL character (which no text column can hold) is a 400."""

    def get_search_terms(self, request: Any) -> list[str]:
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            raise ValidationError({self.search_param: ["Null characters are not allowed."]})
        return list(super().get_search_terms(request))
