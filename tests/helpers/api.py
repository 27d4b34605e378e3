"""Reading the API's answers."""

from __future__ import annotations

from typing import Any


def error_of(response: Any) -> dict[str, Any]:
    """The error object of an API error response."""
    return response.json()["error"]
