"""The site's answer to a domain error a view did not catch: its category's page."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from core.errors import NotFound, NotPermitted


class DomainErrorMiddleware:
    """A view that lets ``NotFound`` escape answers the 404 page; ``NotPermitted`` the 403 page.

    The other categories are the view's to show (a message on the form or page the user came
    from); escaping, they stay a server error, because a view that forgot them has a bug.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            raise Http404("Not found.") from exception
        if isinstance(exception, NotPermitted):
            raise PermissionDenied(exception.message) from exception
