"""Token authentication: knox's digest and expiry checks, plus the last use for the owner to see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.request import Request

from api.models import ApiToken
from api.throttling import FailedTokenThrottle

# Writing last use at most this often keeps every request from costing a write.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        """Knox's check, refused with 429 once the client has presented too many bad tokens."""
        if not get_authorization_header(request):
            return None
        throttle = FailedTokenThrottle()
        wait = throttle.wait_if_blocked(request)
        if wait is not None:
            raise exceptions.Throttled(wait, detail="Too many refused tokens from this client.")
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            raise

    def authenticate_credentials(self, token: bytes) -> tuple[Any, ApiToken]:
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            # knox decodes without a guard; a header of stray bytes is just a wrong token.
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        user, auth_token = super().authenticate_credentials(token)
        now = timezone.now()
        last = auth_token.last_used_at
        if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
        return user, auth_token

    def _cleanup_token(self, auth_token: ApiToken) -> bool:
        """Whether the token has expired; it is refused but kept, never deleted as a side effect.

        knox deletes expired tokens of the owner whenever one is presented; here they stay on the
        owner's token page marked expired until revoked, and presenting one changes nothing.
        """
        return auth_token.expiry is not None and auth_token.expiry < timezone.now()

    def validate_user(self, auth_token: ApiToken) -> tuple[Any, ApiToken]:
        """Refuse the token of an inactive owner, in the same words as an unknown token."""
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return auth_token.user, auth_token


class ApiTokenScheme(KnoxTokenScheme):
    """The schema's security scheme for personal tokens: ``Authorization: Token <secret>``."""

    target_class = "api.auth.TokenAuthentication"
    name = "tokenAuth"
