"""Ten requests at once for a user's last two allowed tokens: the owner's row lock lets two in."""

from __future__ import annotations

import pytest

from api.models import ApiToken
from api.tokens.services import TokenLimitReached, token_create
from tests.factories import UserFactory
from tests.helpers.concurrency import race

THREADS = 10
LIMIT = 5
HELD_BEFORE = 3

pytestmark = [
    pytest.mark.postgres,
    # As every API test (tests/api/conftest.py), with no throttle history.
    pytest.mark.usefixtures("clean_throttle_history"),
]


def _outcome(result: object) -> str:
    """How one request for a token went; any other failure must show in the assertion."""
    if isinstance(result, TokenLimitReached):
        return "refused"
    if isinstance(result, Exception):
        return f"error: {result!r}"
    return "created"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_never_pass_the_live_token_limit(settings):
    settings.API_MAX_TOKENS_PER_USER = LIMIT
    user = UserFactory.create()
    for index in range(HELD_BEFORE):
        token_create(actor=user, name=f"held {index}", expiry_days=None)

    results = race(
        THREADS, lambda index: token_create(actor=user, name=f"race {index}", expiry_days=None)
    )
    outcomes = [_outcome(result) for result in results]

    assert sorted(outcomes) == ["created"] * 2 + ["refused"] * 8
    assert ApiToken.objects.filter(user=user).count() == LIMIT
