"""Requests and replies as the emulator's handlers see them, independent of the HTTP server."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Request:
    """One HTTP request: the org's host, method, path, query and body."""

    method: str
    host: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def param(self, name: str) -> str | None:
        """Return the first value of a query-string parameter."""
        values = parse_qs(self.query_string).get(name)
        return values[0] if values else None

    def header(self, name: str) -> str:
        """Return a header, matched case-insensitively, or an empty string."""
        lowered = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == lowered), "")

    def json(self) -> Any:
        """Parse the body as JSON, or None when it is empty."""
        return json.loads(self.body) if self.body.strip() else None


@dataclass
class Reply:
    """What to answer: status, body, headers, and whether to drop the connection instead."""

    status: int
    body: bytes = b""
    content_type: str = "application/json;charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay_ms: int = 0
    changed: bool = False


def reply_json(status: int, data: Any, headers: Mapping[str, str] | None = None) -> Reply:
    """Reply with a JSON body."""
    return Reply(status, json.dumps(data).encode(), headers=dict(headers or {}))


def reply_error(status: int, code: str, message: str) -> Reply:
    """Reply with Salesforce's request-level error list."""
    return reply_json(status, [{"message": message, "errorCode": code}])


def reply_empty(status: int = 204) -> Reply:
    """Reply with no body."""
    return Reply(status, b"", content_type="")
