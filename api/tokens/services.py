"""Personal API tokens: the one place that creates, lists and revokes them.

knox stores a SHA-512 digest of each secret; the secret itself is returned once, by
``token_create``, and never again. The digest is the table's primary key, so nothing here
hands it to a page: tokens are named by their public prefix (``token_key``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from core.audit import audit_changes
from core.errors import Conflict, Invalid

# The lifetimes a token may be given, in days; None never expires.
EXPIRY_CHOICES: list[tuple[int | None, str]] = [
    (30, "30 days"),
    (90, "90 days"),
    (365, "1 year"),
    (None, "Never"),
]
EXPIRY_DAYS = [days for days, _ in EXPIRY_CHOICES]


class TokenLimitReached(Conflict):
    """The user already holds as many live tokens as allowed."""


class TokenInvalid(Invalid):
    """The token's name or lifetime is not allowed."""


def tokens_live(tokens: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
    """The tokens among ``tokens`` that have not expired."""
    return tokens.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, each with ``is_expired``."""
    # Expired tokens stay listed until knox deletes them, when one of the user's tokens is used.
    expired = Q(expiry__isnull=False, expiry__lte=timezone.now())
    return (
        ApiToken.objects.filter(user=user)
        .annotate(is_expired=ExpressionWrapper(expired, output_field=BooleanField()))
        .order_by("-created", "token_key")
    )


def token_get(user: User, token_key: str) -> ApiToken | None:
    """The user's token with this public prefix, or None."""
    return tokens_of(user).filter(token_key=token_key).first()


def _audit(*, actor: User | None, token: ApiToken, old: str | None, new: str | None) -> None:
    # Recorded on the owner, whose admin page the entry links to: the token's own key is its
    # digest, which stays out of view.
    audit_changes(
        instance=token.user,
        changes={"api_token": [old, new]},
        actor=actor,
        object_repr=f"API token {token.name} ({token.token_key}…) of {token.user.email}",
        additional_data={
            "token_key": token.token_key,
            "owner": token.user.email,
            "expiry": token.expiry.isoformat() if token.expiry else None,
        },
    )


@transaction.atomic
def token_create(*, actor: User, name: str, expiry_days: int | None) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; return it and its secret, which is never shown again.

    The owner's row is locked before live tokens are counted, so two requests at once cannot
    both take the last one allowed.
    """
    name = name.strip()
    if not name:
        raise TokenInvalid("Give the token a name.")
    if expiry_days not in EXPIRY_DAYS:
        raise TokenInvalid("Choose one of the offered lifetimes.")
    User.objects.select_for_update().filter(pk=actor.pk).first()
    limit = settings.API_MAX_TOKENS_PER_USER
    if tokens_live(tokens_of(actor)).count() >= limit:
        raise TokenLimitReached(
            f"You already have {limit} active API tokens, the most allowed. "
            "Revoke one you no longer use first."
        )
    expiry = dt.timedelta(days=expiry_days) if expiry_days is not None else None
    # knox's manager adds the TOKEN_PREFIX setting (pp_) to the secret it generates.
    token, secret = ApiToken.objects.create(user=actor, expiry=expiry, name=name)
    _audit(actor=actor, token=token, old=None, new=name)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    """Delete the token, so requests that send it are refused from now on."""
    _audit(actor=actor, token=token, old=token.name, new=None)
    ApiToken.objects.filter(pk=token.pk).delete()
