"""Per-user and per-address request rates, read from the settings when each request is checked."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


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
