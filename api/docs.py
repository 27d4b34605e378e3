"""The API's documentation pages, held to the site's own origin by a Content-Security-Policy.

The Swagger UI and Redoc assets come from the sidecar package, served by the site. Redoc's
bundle still reaches out for a logo in its sidebar; the policy stops that and anything like it,
so the pages work offline and tell no third party who reads the docs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request

# Inline scripts and styles are the pages' own set-up code; Redoc's search runs in a blob worker.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'"
)


class _SameOriginOnly:
    def finalize_response(
        self, request: Request, response: HttpResponse, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Content-Security-Policy"] = DOCS_POLICY
        return response


class SwaggerView(_SameOriginOnly, SpectacularSwaggerView):
    """Swagger UI, where requests can be tried with a token."""


class RedocView(_SameOriginOnly, SpectacularRedocView):
    """Redoc, without its web fonts (see templates/api/redoc.html)."""

    template_name = "api/redoc.html"
