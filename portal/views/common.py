"""Helpers the partner site's views share."""

from __future__ import annotations

from typing import cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404, HttpRequest

from accounts.models import User
from core.errors import NotFound
from core.ids import parse_int
from portal.selectors.records import visible_record_get


def user_of(request: HttpRequest) -> User:
    """The logged-in user (views that call this require a login)."""
    return cast(User, request.user)


def record_or_404(model: type[models.Model], request: HttpRequest, pk: int) -> models.Model:
    """A record the user may see; 404 otherwise, so existence does not leak."""
    try:
        return visible_record_get(model, user_of(request), pk)
    except NotFound:
        raise Http404("Not found.") from None


def page_of(
    request: HttpRequest,
    queryset: models.QuerySet,
    total: int,
    size: int,
    *,
    max_pages: int | None = None,
) -> Page:
    """One page of ``queryset`` whose row count, ``total``, the caller already knows.

    With ``max_pages`` a page past it is answered with the last page within it: a deep OFFSET
    costs the database every row before it, so lists are narrowed instead of paged far.
    """
    paginator = Paginator(queryset, size)
    # The caller counts cheaply (the access index when nothing is filtered); Paginator must
    # not run its own COUNT over the joined query.
    paginator.__dict__["count"] = total
    number = parse_int(request.GET.get("page", "1"), minimum=1) or 1
    if max_pages is not None:
        number = min(number, max_pages)
    return paginator.get_page(number)
