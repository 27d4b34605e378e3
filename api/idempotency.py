"""``Idempotency-Key`` on POSTs that create something: a retry gets the first answer, not a twin.

The key is claimed (an IdempotencyKey row inserted) in the same transaction as the work it
guards, and the response is stored before that transaction commits. A second request with the
same key waits on the row's unique index until the first commits, then replays its response;
if the first failed, its transaction (and the claim) rolled back and the retry runs afresh, so
only successful responses are remembered. A key is scoped to its user and endpoint and is
forgotten after ``API_IDEMPOTENCY_KEY_HOURS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255


class IdempotencyKeyReused(APIException):
    """The key was already used with a different body."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = (
        "This Idempotency-Key was already used with a different request body; use a new key "
        "for a different request."
    )


def request_hash(data: Any) -> str:
    """A digest of the (validated) request body, independent of key order."""
    text = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_key_of(request: Request) -> str | None:
    """The request's Idempotency-Key, or None; a blank, overlong or unprintable key is a 400."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    # A control character (NUL above all) is no key a client meant, and PostgreSQL refuses NUL.
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationError(
            {HEADER: [f"Send 1 to {MAX_KEY_LENGTH} printable characters, unique to this request."]}
        )
    return key


def _expired_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=settings.API_IDEMPOTENCY_KEY_HOURS)


def _claim(*, user_id: int, endpoint: str, key: str, digest: str) -> IdempotencyKey:
    """The key's row, locked: inserted now, or found (and renewed when it had expired)."""
    row, created = IdempotencyKey.objects.select_for_update().get_or_create(
        user_id=user_id, endpoint=endpoint, key=key, defaults={"request_hash": digest}
    )
    if not created and row.created_at < _expired_before():
        row.request_hash = digest
        row.response_status = None
        row.response_body = None
        row.created_at = timezone.now()
        row.save()
    return row


def idempotent_response(
    request: Request, *, endpoint: str, body: Any, run: Callable[[], Response]
) -> Response:
    """``run()``'s response, or the stored one when this key and body were answered before."""
    key = idempotency_key_of(request)
    if key is None:
        return run()
    digest = request_hash(body)
    with transaction.atomic():
        row = _claim(user_id=request.user.pk, endpoint=endpoint, key=key, digest=digest)
        if row.request_hash != digest:
            raise IdempotencyKeyReused()
        if row.response_status is not None:
            replay = Response(row.response_body, status=row.response_status)
            replay[REPLAYED_HEADER] = "true"
            return replay
        response = run()
        row.response_status = response.status_code
        row.response_body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
        row.save(update_fields=["response_status", "response_body"])
        return response
