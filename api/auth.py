"""Token authentication: knox's digest check, plus the token's last use for its owner to see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication

from api.models import ApiToken

# Writing last use at most this often keeps every request from costing a write.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes) -> tuple[Any, ApiToken]:
        user, auth_token = super().authenticate_credentials(token)
        now = timezone.now()
        last = auth_token.last_used_at
        if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=auth_token.pk).update(last_used_at=now)
        return user, auth_token
