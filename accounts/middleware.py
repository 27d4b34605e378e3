"""Request middleware of the accounts app."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from auditlog.middleware import AuditlogMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the client address read as the login rate limit reads it.

    auditlog takes the first X-Forwarded-For value as given, which any client can forge. allauth's
    adapter trusts that header only through the proxies counted in TRUSTED_PROXY_COUNT (none by
    default), so the audit trail and the rate limit agree on who the client is.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        try:
            address: str = get_adapter(request).get_client_ip(request)
        except PermissionDenied:
            return None
        return address

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        # X-Forwarded-Port is as forgeable as X-Forwarded-For; the port adds nothing to the trail.
        return None
