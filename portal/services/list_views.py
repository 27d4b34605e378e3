"""Saving and deleting a user's named list views."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import User
from core.errors import Invalid
from portal.errors import NotVisible
from portal.listviews import SPECS, ListSpec, filter_value_ok
from portal.models import SavedListView

NAME_MAX = SavedListView._meta.get_field("name").max_length or 100


class ListViewInvalid(Invalid):
    """The list view names an unknown column, filter or sort, or has no usable name."""


def _spec(object_type: str) -> ListSpec:
    if object_type not in SPECS:
        raise ListViewInvalid(f"There are no list views of {object_type!r}.")
    return SPECS[object_type]


def _check(spec: ListSpec, columns: list[str], filters: dict[str, Any], sort: str) -> None:
    if not columns:
        raise ListViewInvalid("Choose at least one column.")
    unknown = [c for c in columns if spec.column(c) is None]
    if unknown:
        raise ListViewInvalid(f"Unknown column: {', '.join(map(str, unknown))}.")
    bad = sorted(k for k, v in filters.items() if not filter_value_ok(spec, k, v))
    if bad:
        raise ListViewInvalid(f"Unknown filter or value: {', '.join(bad)}.")
    column = spec.column(sort.lstrip("-")) if sort else None
    if sort and (column is None or not column.sortable):
        raise ListViewInvalid(f"The list cannot be sorted by {sort.lstrip('-')!r}.")


@transaction.atomic
def list_view_save(
    *,
    actor: User,
    object_type: str,
    name: str,
    columns: list[str],
    filters: dict[str, Any],
    sort: str = "",
    is_default: bool = False,
) -> SavedListView:
    """Create or replace the actor's list view of that name; a new default unsets the old."""
    spec = _spec(object_type)
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ListViewInvalid(f"Give the view a name of 1 to {NAME_MAX} characters.")
    columns = list(dict.fromkeys(columns))
    _check(spec, columns, filters, sort)
    mine = SavedListView.objects.select_for_update().filter(user=actor, object_type=object_type)
    if is_default:
        mine.exclude(name=name).filter(is_default=True).update(is_default=False)
    view, _ = mine.update_or_create(
        user=actor,
        object_type=object_type,
        name=name,
        defaults={
            "columns": columns,
            "filters": {k: v for k, v in filters.items() if v},
            "sort": sort,
            "is_default": is_default,
        },
    )
    return view


@transaction.atomic
def list_view_delete(*, actor: User, view_id: int) -> None:
    """Delete one of the actor's own list views; another user's view counts as not found."""
    deleted, _ = SavedListView.objects.filter(user=actor, pk=view_id).delete()
    if not deleted:
        raise NotVisible("Not found.")
