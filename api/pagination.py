"""Cursor pagination for every API list: keyset positions, stable under inserts, no counts.

DRF's cursor keeps only the first ordering value and skips rows of equal value by an offset,
which it caps at 1,000: a list ordered by a column with few values (a status, a rating) would
then repeat or lose rows from page to page. Here the cursor holds every ordering value of the
last row, the primary key last, so every row has a unique position and pages never overlap or
skip. Ordering fields must be non-null: a null has no place in a comparison.
"""

from __future__ import annotations

import binascii
import datetime as dt
import json
from base64 import b64decode
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.db.models import Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

# What DRF writes into a cursor: offset, reverse and position, each once.
CURSOR_TOKENS = frozenset({"o", "r", "p"})


def reversed_ordering(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The ordering read backwards: ``("-created", "pk")`` becomes ``("created", "-pk")``."""
    return tuple(key[1:] if key.startswith("-") else f"-{key}" for key in keys)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _comparable(value: Any) -> bool:
    """Whether a cursor value can be compared in SQL: text without NUL, or a 64-bit integer."""
    if isinstance(value, str):
        return "\x00" not in value
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63


def _after(ordering: tuple[str, ...], values: list[Any], reverse: bool) -> Q:
    """Rows strictly past ``values`` in ``ordering`` (before them when reading backwards)."""
    condition = Q()
    equal = Q()
    for term, value in zip(ordering, values, strict=True):
        name = term.lstrip("-")
        lookup = "lt" if reverse != term.startswith("-") else "gt"
        condition |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    return condition


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

    def decode_cursor(self, request: Any) -> Any:
        """DRF's decoding, after checking the value is one of our cursors to the letter.

        DRF decodes leniently: characters outside base64 are dropped and unknown tokens ignored,
        so "!!!" or "AAAA" would read as page one. An empty value is no cursor.
        """
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded:
            try:
                decoded = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
                tokens = parse_qs(decoded, keep_blank_values=True, strict_parsing=True)
            except (binascii.Error, UnicodeError, ValueError):
                raise NotFound(self.invalid_cursor_message) from None
            if set(tokens) - CURSOR_TOKENS or any(len(v) != 1 for v in tokens.values()):
                raise NotFound(self.invalid_cursor_message)
        return super().decode_cursor(request)

    def _get_position_from_instance(self, instance: Any, ordering: Any) -> str:
        values = [_plain(getattr(instance, term.lstrip("-"))) for term in ordering]
        return json.dumps([list(ordering), values], separators=(",", ":"))

    def _position_filter(self, position: str, reverse: bool) -> Q:
        """The keyset condition of a position; a cursor made for another ordering is refused."""
        try:
            ordering, values = json.loads(position)
        except (TypeError, ValueError):
            raise NotFound(self.invalid_cursor_message) from None
        if ordering != list(self.keys) or not isinstance(values, list):
            raise NotFound(self.invalid_cursor_message)
        if len(values) != len(ordering) or not all(_comparable(v) for v in values):
            raise NotFound(self.invalid_cursor_message)
        return _after(self.keys, values, reverse)

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Any, view: Any = None
    ) -> list[Any] | None:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.keys = tuple(self.get_ordering(request, queryset, view))
        # DRF's link builders read the ordering from here.
        self.ordering = self.keys  # type: ignore[assignment]
        self.cursor = self.decode_cursor(request)
        offset, reverse, current = self.cursor if self.cursor else (0, False, None)
        order = reversed_ordering(tuple(self.keys)) if reverse else self.keys
        queryset = queryset.order_by(*order)
        if current is None:
            results = list(queryset[offset : offset + self.page_size + 1])
        else:
            results = self._page_after(queryset, current, reverse, offset)
        self.page = results[: self.page_size]
        self._links_set(results, reverse, offset, current)
        return self.page

    def _page_after(
        self, queryset: QuerySet[Any], position: str, reverse: bool, offset: int
    ) -> list[Any]:
        """The rows past a client's position; a value the database refuses is an invalid cursor."""
        try:
            # A savepoint, so a refused value leaves the request's transaction usable.
            with transaction.atomic():
                after = queryset.filter(self._position_filter(position, reverse))
                return list(after[offset : offset + self.page_size + 1])
        except (ValidationError, ValueError, TypeError, DataError):
            raise NotFound(self.invalid_cursor_message) from None

    def _links_set(
        self, results: list[Any], reverse: bool, offset: int, current: str | None
    ) -> None:
        """Where the next and previous pages start, as DRF's cursor works them out."""
        following = None
        if len(results) > len(self.page):
            following = self._get_position_from_instance(results[-1], self.keys)
        if reverse:
            self.page = list(reversed(self.page))
            self.has_next = current is not None or offset > 0
            self.has_previous = following is not None
            self.next_position = current
            self.previous_position = following
        else:
            self.has_next = following is not None
            self.has_previous = current is not None or offset > 0
            self.next_position = following
            self.previous_position = current
