"""One error format for every API response that is not a success.

Every error body is ``{"error": {"status", "code", "message", "fields"}}``: ``message`` is fit
to show a person, ``code`` is stable for programs, and ``fields`` maps each invalid input field
to its messages (empty when the error is not about one field). Domain errors raised by the
services answer with their category's status and code (``core.errors``): 404 (not found or
not visible, always with the same message), 403 (not permitted), 409 (the state does not allow
it), 400 (the input breaks a rule) or 503 (unavailable), with the service's own message.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, Invalid, NotFound

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "Not found."


def error_body(status_code: int, code: str, message: str, fields: Any = None) -> dict[str, Any]:
    return {
        "error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}
    }


def _domain_response(error: DomainError) -> Response:
    """The error's category gives the status and code; not found never says more."""
    message = NOT_FOUND_MESSAGE if isinstance(error, NotFound) else error.message
    fields = {}
    if isinstance(error, Invalid):
        fields = {name or "non_field_errors": [text] for name, text in error.problems.items()}
    body = error_body(error.status, error.code, message, fields)
    return Response(body, status=error.status)


def _flatten(detail: Any) -> tuple[str, Any]:
    """The summary message and the per-field messages of a DRF error detail."""
    if isinstance(detail, dict):
        fields = {key: _as_list(value) for key, value in detail.items()}
        general = fields.pop("non_field_errors", None) or fields.pop("detail", None)
        if general:
            return str(general[0]), fields
        return "Some fields are invalid; see fields.", fields
    if isinstance(detail, list):
        return (str(detail[0]) if detail else "Invalid input."), {}
    return str(detail), {}


def _as_list(value: Any) -> Any:
    if isinstance(value, list):
        return [v if isinstance(v, dict) else str(v) for v in value]
    if isinstance(value, dict):
        return {key: _as_list(v) for key, v in value.items()}
    return [str(value)]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then the project's error format; domain errors get their status."""
    if isinstance(exc, DomainError):
        return _domain_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        # Too many fields or files, a body over the size limit: Django's 400, in our format.
        exc = exceptions.ParseError(str(exc) or "The request was refused as malformed.")
    response = exception_handler(exc, context)
    if response is None:
        # Not an API error: a bug. Logged with its traceback, answered in the error format
        # rather than as Django's HTML error page.
        logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
        body = error_body(500, "server_error", "Something went wrong on our side; it was logged.")
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = codes if isinstance(codes, str) else "invalid"
    message, fields = _flatten(response.data)
    response.data = error_body(response.status_code, code, message, fields)
    return response


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def not_found(request: Request, *args: Any, **kwargs: Any) -> Response:
    """Any path under the API that names no endpoint: a 404 in the error format, not a page."""
    raise exceptions.NotFound(NOT_FOUND_MESSAGE)
