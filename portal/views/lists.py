"""Lead, opportunity and account list pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.ids import parse_int
from portal.extensions import list_context
from portal.forms import ListFilterForm, ListViewSaveForm
from portal.listviews import (
    SPECS,
    Column,
    ListSpec,
    ListState,
    queryset_for,
    row_values,
    state_from_params,
)
from portal.models import Account
from portal.selectors.lists import list_view_chosen, list_views_of, owner_choices
from portal.selectors.records import (
    accounts_visible_to,
    visible_count,
)
from portal.views.common import page_of, user_of

MAX_DOWNLOAD_ROWS = 50_000
# The rows a page a user may choose; the site's LIST_PAGE_SIZE is always among them.
PAGE_SIZES = (25, 50, 100, 200)
# The order of a list with no sort chosen (the selectors' newest first).
DEFAULT_SORT = "-created_at"


@dataclass(frozen=True)
class Header:
    column: Column
    aria_sort: str
    url: str


def spec_or_404(object_type: str) -> ListSpec:
    if object_type not in SPECS:
        raise Http404("Not found.")
    return SPECS[object_type]


def list_query(request: HttpRequest, spec: ListSpec) -> tuple[ListState, QuerySet]:
    """The list state of the request and its queryset, always through the visibility selector."""
    user = user_of(request)
    saved = list_view_chosen(user, spec.object_type, request.GET.get("view"))
    state = state_from_params(spec, request.GET, saved)
    return state, queryset_for(spec, spec.kind.visible_to(user), state, user)


def page_sizes() -> list[int]:
    return sorted({*PAGE_SIZES, settings.LIST_PAGE_SIZE})


def page_size_chosen(request: HttpRequest, spec: ListSpec, state: ListState) -> int:
    """The rows a page: the one asked for (then remembered for the list), else the remembered one.

    A size that is not one of the choices is ignored (the caller says so), as a bad filter is.
    """
    key = f"list_page_size:{spec.object_type}"
    raw = request.GET.get("per_page", "")
    if raw:
        size = parse_int(raw)
        if size is not None and size in page_sizes():
            request.session[key] = size
            state.per_page = size
            return size
    remembered = request.session.get(key)
    if remembered in page_sizes():
        state.per_page = remembered
        return int(remembered)
    return int(settings.LIST_PAGE_SIZE)


def _past_max_pages(request: HttpRequest) -> bool:
    """Whether the request asked for a page deeper than the lists go."""
    asked = parse_int(request.GET.get("page", ""), minimum=1)
    return asked is not None and asked > settings.LIST_MAX_PAGES


def _page_size_ignored(request: HttpRequest, per_page: int) -> str:
    """The rows-per-page value the request asked for and did not get, or ""."""
    raw = request.GET.get("per_page", "")
    return raw if raw and parse_int(raw) != per_page else ""


def _headers(spec: ListSpec, state: ListState) -> list[Header]:
    headers = []
    for key in state.columns:
        column = spec.column(key)
        assert column is not None
        # With no sort chosen the list is newest first: the Created column says so.
        aria = {key: "ascending", f"-{key}": "descending"}.get(state.sort or DEFAULT_SORT, "none")
        next_sort = f"-{key}" if state.sort == key else key
        url = "?" + state.query(sort=next_sort) if column.sortable else ""
        headers.append(Header(column, aria, url))
    return headers


@login_required
@require_GET
def record_list(request: HttpRequest, object_type: str) -> HttpResponse:
    """A lead or opportunity list: the chosen view, search, filters, sort and one page."""
    spec = spec_or_404(object_type)
    user = user_of(request)
    state, queryset = list_query(request, spec)
    per_page = page_size_chosen(request, spec, state)
    total = queryset.count() if state.is_filtered else visible_count(spec.model, user)
    page = page_of(request, queryset, total, per_page, max_pages=settings.LIST_MAX_PAGES)
    detail = f"portal:{spec.object_type}-detail"
    rows = [(r, reverse(detail, args=[r.pk]), row_values(spec, state, r)) for r in page.object_list]
    context: dict[str, Any] = {
        "spec": spec,
        "state": state,
        "rows": rows,
        "page": page,
        "total": total,
        "headers": _headers(spec, state),
        "query": state.query(),
        "max_download_rows": MAX_DOWNLOAD_ROWS,
        "save_form": ListViewSaveForm(),
        "page_sizes": page_sizes(),
        "max_pages": settings.LIST_MAX_PAGES,
        "past_max_pages": _past_max_pages(request),
        "page_size_ignored": _page_size_ignored(request, per_page),
        "per_page": per_page,
        **list_context(spec.kind, user),
    }
    if request.htmx and request.htmx.target == "record-results":  # type: ignore[attr-defined]
        return render(request, "portal/_record_results.html", context)
    context.update(
        filter_form=ListFilterForm(spec, owner_choices(user, spec.kind.visible_to(user)), state),
        views=list_views_of(user, spec.object_type),
    )
    return render(request, f"portal/{spec.object_type}_list.html", context)


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    """The accounts the user may see, searchable by name."""
    user = user_of(request)
    query = request.GET.get("q", "").strip()[:200]
    accounts = accounts_visible_to(user).select_related("owner").order_by("name", "id")
    if query:
        accounts = accounts.filter(name__icontains=query)
    total = accounts.count() if query else visible_count(Account, user)
    page = page_of(
        request, accounts, total, settings.LIST_PAGE_SIZE, max_pages=settings.LIST_MAX_PAGES
    )
    context = {"page": page, "total": total, "q": query, "max_pages": settings.LIST_MAX_PAGES}
    return render(request, "portal/account_list.html", context)
