"""A requests transport adapter that carries https://<My Domain>/... calls to the emulator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

HOST_HEADER = "X-Emulator-Host"


class EmulatorAdapter(HTTPAdapter):
    """Rewrite https://<host>/<path>?<q> to <base>/<path>?<q>, naming <host> in a header.

    Mount it for "https://" on the session simple-salesforce uses; the request then travels
    over real HTTP to the emulator, which picks the org from the header.
    """

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        """Send the rewritten request and report the original URL on the response."""
        original_url = str(request.url)
        parts = urlsplit(original_url)
        base = urlsplit(self.base_url)
        request.url = urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        request.headers[HOST_HEADER] = parts.hostname or ""
        # The emulator is on loopback: proxies chosen for the https URL must not apply to it.
        response = super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies={}
        )
        response.url = original_url
        return response
