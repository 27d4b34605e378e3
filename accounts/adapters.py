"""allauth adapter: sign-up is closed, and failed logins cannot lock an owner out.

allauth counts failed logins per client and per address. Per address alone, anyone who knows
an address could lock its owner out by failing five times (the owner's right password is then
refused too). Here the per-address count is kept per address *and client*, so a stranger's
failures refuse only the stranger; and, against guessing from many clients at once, once an
address has failed ``ADDRESS_FAILURE_LIMIT`` times within ``ADDRESS_WINDOW`` seconds from any
clients, a client that has itself failed for it is refused outright, while a client that has
not (the owner, somewhere else) still has its password checked.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.http import HttpRequest

ADDRESS_FAILURE_LIMIT = 20
ADDRESS_WINDOW = 60 * 60


def _address_key(address: str) -> str:
    return f"login-failures:{address}"


def _pair_key(address: str, client: str) -> str:
    return f"login-failures:{address}:{client}"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Never: invitations have their own accept page, so allauth's sign-up stays closed."""
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse a client that failed too often, for this address or at all."""
        address = self._get_login_attempts_cache_key(request, **credentials)
        client = ratelimit.get_ip(request)
        # ACCOUNT_RATE_LIMITS["login_failed"]: its "ip" rate per client, its "key" rate per
        # address and client.
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=f"{address}@{client}"
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        address_failures = cache.get(_address_key(address), 0)
        if address_failures >= ADDRESS_FAILURE_LIMIT and cache.get(_pair_key(address, client)):
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the failure for the address, and for the address from this client."""
        address = self._get_login_attempts_cache_key(request, **credentials)
        client = ratelimit.get_ip(request)
        for key in (_address_key(address), _pair_key(address, client)):
            cache.add(key, 0, ADDRESS_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, ADDRESS_WINDOW)
