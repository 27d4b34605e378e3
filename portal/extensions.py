"""What apps above portal add to the partner site's record and list pages, without portal
importing them: each registers a function from its ``ready()``.

- ``record_context_add(fn)``: ``fn(record, viewer) -> dict`` adds to a record page's context
  (Partner Connect: the Export Status panel and whether Export is offered).
- ``list_context_add(fn)``: ``fn(kind, viewer) -> dict`` adds to a list page's context.

Columns of the lists are added with ``portal.listviews.list_column_add``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from accounts.models import User
from portal.kinds import RecordKind

RecordContext = Callable[[models.Model, User], dict[str, Any]]
ListContext = Callable[[RecordKind, User], dict[str, Any]]

_RECORD: list[RecordContext] = []
_LIST: list[ListContext] = []


def record_context_add(fn: RecordContext) -> None:
    """Add ``fn`` to every record page's context (once, however often it is added)."""
    if fn not in _RECORD:
        _RECORD.append(fn)


def list_context_add(fn: ListContext) -> None:
    """Add ``fn`` to every list page's context (once, however often it is added)."""
    if fn not in _LIST:
        _LIST.append(fn)


def record_context(record: models.Model, viewer: User) -> dict[str, Any]:
    """What the registered apps add to this record's page for the viewer."""
    context: dict[str, Any] = {}
    for fn in _RECORD:
        context |= fn(record, viewer)
    return context


def list_context(kind: RecordKind, viewer: User) -> dict[str, Any]:
    """What the registered apps add to this kind's list page for the viewer."""
    context: dict[str, Any] = {}
    for fn in _LIST:
        context |= fn(kind, viewer)
    return context
