"""Cursor pagination for every API list: stable under inserts, no counts to leak."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
