"""The one requests.Session every Salesforce call goes through."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from salesforce.transport import EmulatorAdapter

USER_AGENT = "partner-portal/0.1 (Partner Connect; simple-salesforce)"


class SalesforceSession(requests.Session):
    """A Session that always sets a timeout and remembers what it sent and last received."""

    def __init__(self, *, timeout_seconds: float) -> None:
        super().__init__()
        self.timeout_seconds = timeout_seconds
        self.headers["User-Agent"] = USER_AGENT
        self.requests_sent = 0
        self.last_response: requests.Response | None = None
        self.limit_info: str | None = None

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send with our timeout unless one is given; count the request before it goes out."""
        # simple-salesforce never passes a timeout, and requests' default is to wait forever.
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout_seconds
        self.requests_sent += 1
        response = super().request(method, url, *args, **kwargs)
        self.last_response = response
        limit_info = response.headers.get("Sforce-Limit-Info")
        if limit_info:
            self.limit_info = limit_info
        return response


def session_build() -> SalesforceSession:
    """Return a new session; routed to the org emulator when SALESFORCE_EMULATOR_URL is set."""
    session = SalesforceSession(timeout_seconds=settings.SALESFORCE_TIMEOUT_SECONDS)
    if settings.SALESFORCE_EMULATOR_URL:
        session.mount("https://", EmulatorAdapter(settings.SALESFORCE_EMULATOR_URL))
    return session
