"""Columns, filters, search and sort of the lead and opportunity list views.

The list pages, the saved views and the downloads all read these declarations, so a column
shown on the page is exactly a column in the CSV. An app above portal adds a column of its own
(Partner Connect's Export Status) with ``list_column_add`` from its ``ready()``, so portal never
imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from accounts.models import User
from core.ids import parse_id
from portal.kinds import LEAD, OPPORTUNITY, RecordKind
from portal.models import CLOSED_STAGES, Industry, LeadStatus, SavedListView, Stage


class HintedText(str):
    """A cell's text with a hover hint (the error behind a failed export)."""

    hint: str = ""


def _field(name: str) -> Callable[[Any], Any]:
    def value(record: Any) -> Any:
        display = getattr(record, f"get_{name}_display", None)
        return display() if display is not None else getattr(record, name)

    return value


class Day(dt.date):
    """A date that knows whether it is overdue: a passed close date of an open opportunity."""

    overdue: bool = False


def close_date_of(record: Any) -> Day | None:
    """The record's close date, flagged overdue when it passed and the deal is still open."""
    day = record.close_date
    if day is None:
        return None
    value = Day(day.year, day.month, day.day)
    value.overdue = day < timezone.localdate() and record.stage not in CLOSED_STAGES
    return value


def _local(record: Any) -> dt.datetime:
    # Naive local time: spreadsheets cannot hold time zones.
    return timezone.localtime(record.created_at).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    sort: tuple[str, ...] = ()

    @property
    def sortable(self) -> bool:
        return bool(self.sort)


def _col(key: str, label: str, sort: tuple[str, ...] | None = None) -> Column:
    return Column(key, label, _field(key), (key,) if sort is None else sort)


OWNER = Column("owner", "Owner", lambda r: str(r.owner), ("owner__last_name", "owner__email"))
CREATED = Column("created_at", "Created", _local, ("created_at",))


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...]
    lookup: str


@dataclass(frozen=True)
class ListSpec:
    """Everything the list page of one object needs to know."""

    kind: RecordKind
    own_columns: tuple[Column, ...]
    own_defaults: tuple[str, ...]
    search_fields: tuple[str, ...]
    choice_filters: tuple[Choice, ...]
    related: tuple[str, ...]

    @property
    def object_type(self) -> str:
        return self.kind.slug

    @property
    def model(self) -> type[models.Model]:
        return self.kind.model

    @property
    def label_plural(self) -> str:
        return self.kind.label_plural

    @property
    def added(self) -> tuple[AddedColumn, ...]:
        """The columns other apps add to this kind's list, in the order they were added."""
        return tuple(a for a in _ADDED.values() if self.kind.slug in a.kinds)

    @property
    def columns(self) -> tuple[Column, ...]:
        return (*self.own_columns, *(a.column for a in self.added))

    @property
    def default_columns(self) -> tuple[str, ...]:
        return (*self.own_defaults, *(a.column.key for a in self.added if a.default))

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def filter_label(self, key: str) -> str:
        """How the filter form names the filter ``key``."""
        choice = next((f for f in self.choice_filters if f.key == key), None)
        named = {"q": "Search", "owner": OWNER.label}
        named |= {a.column.key: a.column.label for a in self.added}
        return choice.label if choice is not None else named.get(key, key)

    @property
    def filter_keys(self) -> tuple[str, ...]:
        added = (a.column.key for a in self.added if a.filter_values)
        return ("q", *(f.key for f in self.choice_filters), "owner", *added)


@dataclass(frozen=True)
class AddedColumn:
    """A column an app above portal adds to the lists of some kinds, with a filter of its own.

    ``prepare(queryset, kind_slug, viewer, shown, value)`` adds what the column reads to the
    queryset (only called when the list shows it, sorts by it or filters by it) and applies the
    filter ``value`` (one of ``filter_values``, or "").
    """

    column: Column
    kinds: tuple[str, ...]
    prepare: Callable[[QuerySet, str, User, bool, str], QuerySet]
    filter_values: tuple[str, ...] = ()
    default: bool = True


_ADDED: dict[str, AddedColumn] = {}


def list_column_add(added: AddedColumn) -> None:
    """Add a column to the lists of its kinds; called from the adding app's ``ready()``."""
    _ADDED[added.column.key] = added


LEADS = ListSpec(
    kind=LEAD,
    own_columns=(
        Column("name", "Name", str, ("last_name", "first_name")),
        _col("company", "Company"),
        _col("title", "Title"),
        _col("email", "Email"),
        _col("phone", "Phone"),
        _col("status", "Status"),
        _col("rating", "Rating"),
        _col("industry", "Industry"),
        _col("lead_source", "Lead source"),
        _col("city", "City"),
        _col("country", "Country"),
        OWNER,
        CREATED,
    ),
    own_defaults=("name", "company", "email", "status", "owner", "created_at"),
    search_fields=("first_name", "last_name", "company", "email"),
    choice_filters=(
        Choice("status", "Status", tuple(LeadStatus.choices), "status"),
        Choice("industry", "Industry", tuple(Industry.choices), "industry"),
    ),
    related=("owner",),
)

OPPORTUNITIES = ListSpec(
    kind=OPPORTUNITY,
    own_columns=(
        _col("name", "Name"),
        Column("account", "Account", lambda r: str(r.account or ""), ("account__name",)),
        _col("amount", "Amount"),
        Column("close_date", "Close date", close_date_of, ("close_date",)),
        _col("stage", "Stage"),
        _col("probability", "Probability (%)"),
        _col("type", "Type"),
        _col("lead_source", "Lead source"),
        _col("next_step", "Next step"),
        OWNER,
        CREATED,
    ),
    own_defaults=("name", "account", "amount", "close_date", "stage", "owner"),
    search_fields=("name", "account__name"),
    choice_filters=(Choice("stage", "Stage", tuple(Stage.choices), "stage"),),
    related=("owner", "account"),
)

SPECS: dict[str, ListSpec] = {LEADS.object_type: LEADS, OPPORTUNITIES.object_type: OPPORTUNITIES}


@dataclass
class ListState:
    """What the user asked the list to show: columns, filters (with search) and sort."""

    columns: list[str]
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    view_id: int | None = None
    # Filters the request gave with a value the list cannot use, by label; not applied.
    ignored: dict[str, str] = field(default_factory=dict)
    # Rows a page, when the user chose them (0: the site's default); a preference of the user,
    # not part of a saved view.
    per_page: int = 0

    @property
    def is_filtered(self) -> bool:
        return any(self.filters.values())

    def query(self, **overrides: str) -> str:
        """The query string that reproduces this state, with some parameters replaced."""
        params = QueryDict(mutable=True)
        # "none" keeps a user who left their default view from falling back into it.
        params["view"] = str(self.view_id) if self.view_id is not None else "none"
        params.setlist("cols", self.columns)
        for key, value in self.filters.items():
            params[key] = value
        params["sort"] = self.sort
        if self.per_page:
            params["per_page"] = str(self.per_page)
        for key, value in overrides.items():
            params[key] = value
        return params.urlencode()


def state_clean(spec: ListSpec, raw: Mapping[str, Any]) -> ListState:
    """Keep the known columns, filter values and sort of ``raw``; drop anything else."""
    columns = [c for c in raw.get("columns", []) if spec.column(c) is not None]
    filters = {k: str(v) for k, v in raw.get("filters", {}).items() if filter_value_ok(spec, k, v)}
    sort = raw.get("sort", "")
    column = spec.column(sort.lstrip("-")) if sort else None
    return ListState(
        columns=list(dict.fromkeys(columns)) or list(spec.default_columns),
        # Every filter key is present, so a cleared filter overrides a saved view's value.
        filters={k: filters.get(k, "") for k in spec.filter_keys},
        sort=sort if column is not None and column.sortable else "",
    )


def filter_value_ok(spec: ListSpec, key: str, value: Any) -> bool:
    """Whether ``key`` is a filter of the list and ``value`` one it accepts."""
    if not isinstance(value, str) or key not in spec.filter_keys:
        return False
    choice = next((f for f in spec.choice_filters if f.key == key), None)
    if choice is not None:
        return value in {"", *(c[0] for c in choice.choices)}
    if key == "owner":
        return value == "" or parse_id(value) is not None
    added = next((a for a in spec.added if a.column.key == key), None)
    if added is not None:
        return value in {"", *added.filter_values}
    return len(value) <= 200


def state_from_params(spec: ListSpec, params: QueryDict, saved: SavedListView | None) -> ListState:
    """The list state of a request: the saved view's, overridden by what the query string says."""
    raw: dict[str, Any] = {"columns": [], "filters": {}, "sort": ""}
    if saved is not None:
        raw = {"columns": saved.columns, "filters": dict(saved.filters), "sort": saved.sort}
    if "cols" in params:
        raw["columns"] = params.getlist("cols")
    for key in spec.filter_keys:
        if key in params:
            raw["filters"][key] = str(params.get(key, "")).strip()
    if "sort" in params:
        raw["sort"] = str(params.get("sort", ""))
    state = state_clean(spec, raw)
    state.view_id = saved.pk if saved is not None else None
    state.ignored = {
        spec.filter_label(key): str(params.get(key, ""))
        for key in spec.filter_keys
        if key in params and not filter_value_ok(spec, key, str(params.get(key, "")).strip())
    }
    return state


def _with_added(spec: ListSpec, queryset: QuerySet, state: ListState, viewer: User) -> QuerySet:
    """Let each added column prepare the queryset when the state shows, filters or sorts by it."""
    for added in spec.added:
        key = added.column.key
        shown = key in state.columns
        value = state.filters.get(key, "")
        if shown or value or state.sort.lstrip("-") == key:
            queryset = added.prepare(queryset, spec.object_type, viewer, shown, value)
    return queryset


def queryset_for(spec: ListSpec, base: QuerySet, state: ListState, viewer: User) -> QuerySet:
    """Apply the state's search, filters and sort to a selector's queryset."""
    queryset = _with_added(spec, base.select_related(*spec.related), state, viewer)
    query = state.filters.get("q", "")
    if query:
        search = Q()
        for name in spec.search_fields:
            search |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(search)
    for choice in spec.choice_filters:
        if state.filters.get(choice.key):
            queryset = queryset.filter(**{choice.lookup: state.filters[choice.key]})
    if state.filters.get("owner"):
        queryset = queryset.filter(owner_id=int(state.filters["owner"]))
    if state.sort:
        column = spec.column(state.sort.lstrip("-"))
        assert column is not None
        prefix = "-" if state.sort.startswith("-") else ""
        # The id breaks ties so pages never repeat or skip a row.
        queryset = queryset.order_by(*(prefix + f for f in column.sort), f"{prefix}id")
    return queryset


def row_values(spec: ListSpec, state: ListState, record: models.Model) -> list[Any]:
    """The record's values for the state's columns, in order."""
    return [spec.column(key).value(record) for key in state.columns]  # type: ignore[union-attr]
