"""Our Salesforce errors, and the one function that turns library and HTTP errors into them."""

from __future__ import annotations

import re
from typing import Any

import requests
from simple_salesforce import exceptions as sf_exceptions

# Whole-call error codes that go away when the same call is sent again a little later.
TRANSIENT_CALL_CODES = frozenset({"UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE"})

# Record endpoints (sobjects/<Type>/<id> or sobjects/<Type>/<field>/<value>): a 400 there refuses
# one record, so it becomes SalesforceRecordRejected rather than a failed call.
_RECORD_URL = re.compile(
    r"/data/v[0-9.]+/sobjects/[A-Za-z0-9_]+/(?!describe\b)[^/?]+(?:/[^/?]+)?/?(?:\?|$)"
)


class SalesforceError(Exception):
    """A Salesforce call failed; ``message`` says why in words fit for the user."""

    def __init__(self, message: str, *, error_code: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.status = status


class SalesforceAuthFailed(SalesforceError):
    """The org refused the client credentials, or refused the session after one re-login."""


class SalesforceLimitReached(SalesforceError):
    """The org has used up its API requests (REQUEST_LIMIT_EXCEEDED); try again later."""


class SalesforceTransient(SalesforceError):
    """A failure that a later retry may not meet: 5xx, timeout, dropped connection, row lock."""


class SalesforceCallFailed(SalesforceError):
    """Salesforce refused the whole request (MALFORMED_QUERY, NOT_FOUND, INVALID_FIELD ...)."""


class SalesforceRecordRejected(SalesforceError):
    """Salesforce refused the one record a single-record call carried."""

    def __init__(
        self,
        message: str,
        *,
        error_code: str,
        status: int | None = None,
        fields: list[str] | None = None,
    ) -> None:
        super().__init__(message, error_code=error_code, status=status)
        self.fields = fields or []


def error_translate(exc: BaseException) -> SalesforceError:
    """Return our error for a simple-salesforce or requests exception (ours pass through)."""
    if isinstance(exc, SalesforceError):
        return exc
    if isinstance(exc, sf_exceptions.SalesforceAuthenticationFailed):
        return _auth_error(exc.code, exc.auth_message)
    if isinstance(exc, sf_exceptions.SalesforceError):
        return _response_error(exc.status, exc.content, exc.url)
    if isinstance(exc, sf_exceptions.SalesforceOperationError):
        return _bulk_error(str(exc))
    if isinstance(exc, requests.RequestException):
        return _transport_error(exc)
    return SalesforceCallFailed(f"Salesforce call failed: {exc}", error_code="UNKNOWN_EXCEPTION")


def _auth_error(code: str | int | None, description: str) -> SalesforceError:
    """Translate a refused token request; a token endpoint answering 5xx is transient."""
    if isinstance(code, int):
        if code >= 500:
            return SalesforceTransient(
                f"Salesforce could not issue a token right now (HTTP {code}).",
                error_code="SERVER_ERROR",
                status=code,
            )
        return SalesforceAuthFailed(
            f"The org's token endpoint answered HTTP {code}; check the My Domain.",
            error_code=f"HTTP_{code}",
            status=code,
        )
    error_code = code or "invalid_client"
    detail = f" ({description})" if description else ""
    return SalesforceAuthFailed(
        f"Salesforce refused the client id and secret: {error_code}{detail}.",
        error_code=error_code,
        status=None,
    )


def _first_error(content: Any) -> tuple[str, str, list[str]]:
    """Return (errorCode, message, fields) of the first error of a Salesforce error body."""
    body = content[0] if isinstance(content, list) and content else content
    if isinstance(body, dict):
        code = str(body.get("errorCode") or body.get("statusCode") or "")
        fields = body.get("fields") or []
        return code, str(body.get("message") or ""), [str(name) for name in fields]
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return "", str(body or "")[:500], []


def _response_error(status: int, content: Any, url: str) -> SalesforceError:
    """Translate an HTTP error answer, reading the body's errorCode before the status."""
    code, message, fields = _first_error(content)
    text = f"{code}: {message}" if code and message else (code or message or f"HTTP {status}")
    if code == "REQUEST_LIMIT_EXCEEDED":
        return SalesforceLimitReached(
            f"The Salesforce org has no API requests left for now ({text}).",
            error_code=code,
            status=status,
        )
    if status == 401:
        return SalesforceAuthFailed(
            f"Salesforce refused the session ({text}).",
            error_code=code or "INVALID_SESSION_ID",
            status=status,
        )
    if status >= 500 or code in TRANSIENT_CALL_CODES:
        return SalesforceTransient(
            f"Salesforce could not complete the call right now ({text}).",
            error_code=code or "SERVER_ERROR",
            status=status,
        )
    if status == 400 and _RECORD_URL.search(url or ""):
        return SalesforceRecordRejected(
            f"Salesforce refused the record ({text}).",
            error_code=code or "INVALID_RECORD",
            status=status,
            fields=fields,
        )
    return SalesforceCallFailed(
        f"Salesforce refused the request ({text}).",
        error_code=code or f"HTTP_{status}",
        status=status,
    )


def _bulk_error(text: str) -> SalesforceError:
    """Translate a Bulk API 2.0 job failure; a job that never finished is transient."""
    if "timeout" in text.lower():
        return SalesforceTransient(
            f"The Bulk API job did not finish in time ({text}).", error_code="BULK_JOB_TIMEOUT"
        )
    return SalesforceCallFailed(f"The Bulk API job failed ({text}).", error_code="BULK_JOB_FAILED")


def _transport_error(exc: requests.RequestException) -> SalesforceError:
    """Translate a requests failure: timeouts and broken connections are transient."""
    if isinstance(exc, requests.Timeout):
        return SalesforceTransient(
            "Salesforce did not answer in time.", error_code="TIMEOUT", status=None
        )
    if isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        if "NameResolutionError" in repr(exc) or "Name or service not known" in str(exc):
            return SalesforceTransient(
                "The org's My Domain host could not be found.", error_code="HOST_NOT_FOUND"
            )
        return SalesforceTransient(
            "The connection to Salesforce failed or was dropped.", error_code="CONNECTION_ERROR"
        )
    if isinstance(exc, requests.JSONDecodeError | requests.exceptions.ContentDecodingError):
        return SalesforceTransient(
            "Salesforce sent an answer that could not be read.", error_code="INVALID_RESPONSE"
        )
    return SalesforceCallFailed(
        f"The request to Salesforce failed: {exc}", error_code="REQUEST_FAILED"
    )
