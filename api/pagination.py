"""Cursor pagination for every API list: stable under inserts, no counts to leak."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 200
    # Lists whose views set no ordering go newest first by id, which is unique.
    ordering = "-pk"

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        """The requested ordering with the primary key last, so equal values keep one order."""
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            tie = "-pk" if ordering and ordering[0].startswith("-") else "pk"
            ordering = (*ordering, tie)
        return ordering

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        """DRF's page; a cursor whose position does not fit the ordering field is not found."""
        if not request.query_params.get(self.cursor_query_param):
            return super().paginate_queryset(queryset, request, view)
        try:
            # A savepoint, so a value the database refuses leaves the request's transaction usable.
            with transaction.atomic():
                return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, ValidationError, DataError):
            raise NotFound(self.invalid_cursor_message) from None
