"""Site-wide answers: the error pages, and no caching of a signed-in person's pages.

The error pages: Django answers ``Http404`` and ``PermissionDenied`` with ``404.html`` and
``403.html``, but only with ``DEBUG`` off; with it on (the demo, development) a person met
Django's debug page. SiteErrorPagesMiddleware renders the site's own pages in both cases, for
the domain categories too (``NotFound`` is the 404 page, ``NotPermitted`` the 403 page with its
message). The API never reaches it: DRF answers its own errors in the API's error format.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from core.errors import NotFound, NotPermitted


class SiteErrorPagesMiddleware:
    """Answer a not-found or not-permitted view with the site's page, in DEBUG too.

    The other domain categories are the view's to show (a message on the form or page the user
    came from); escaping, they stay a server error, because a view that forgot them has a bug.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and _is_debug_404(response):
            # An address no URL pattern names: with DEBUG on, Django answered its URLconf
            # page. CommonMiddleware, outside this one, still sees the 404 (APPEND_SLASH).
            return _page(request, "404.html", 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound | Http404):
            return _page(request, "404.html", 404)
        if isinstance(exception, NotPermitted | PermissionDenied):
            reason = exception.message if isinstance(exception, NotPermitted) else str(exception)
            return _page(request, "403.html", 403, reason=reason)
        return None


def _page(request: HttpRequest, template: str, status: int, **context: str) -> HttpResponse:
    response = render(request, template, context, status=status)
    response.site_error_page = True  # type: ignore[attr-defined]
    return response


def _is_debug_404(response: HttpResponse) -> bool:
    """Django's own HTML 404 page (not a view's JSON, not ours)."""
    return (
        response.status_code == 404
        and not getattr(response, "site_error_page", False)
        and response.get("Content-Type", "").startswith("text/html")
    )


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person.

    Record pages, lists, CSV and XLSX downloads and API answers hold personal data; no browser
    or shared cache may keep them. A response that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
