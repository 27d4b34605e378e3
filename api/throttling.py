"""Per-user and per-address request rates, read from the settings when each request is checked."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        # DRF's own classes copy the rates once at import, so a changed setting would not apply.
        rates: dict[str, str | None] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope)


class UserThrottle(_RateFromSettings, UserRateThrottle):
    """API_THROTTLE_USER requests per user; anonymous requests count per client address."""


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    """API_THROTTLE_ANON requests per client address, for requests without a user."""


class FailedTokenThrottle(_RateFromSettings, SimpleRateThrottle):
    """API_THROTTLE_TOKEN_FAILURES refused tokens per client address.

    DRF's throttles run after authentication, so a client trying tokens only ever met 401s.
    The token authentication asks this first and records each refusal: past the rate, a
    request with a token is answered 429 (with Retry-After) before the token is looked up.
    """

    scope = "token_failures"

    def get_cache_key(self, request: Request, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_if_blocked(self, request: Request) -> float | None:
        """Seconds until the client may try a token again, or None when it may now."""
        if self.rate is None:
            return None
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return self.wait() if len(self.history) >= self.num_requests else None

    def record_failure(self, request: Request) -> None:
        """Count one refused token for the client."""
        if self.rate is not None:
            self.wait_if_blocked(request)
            self.throttle_success()
