"""Ten requests at once for a user's last two allowed tokens: the owner's row lock lets two in."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from api.models import ApiToken
from api.tokens.services import TokenLimitReached, token_create
from tests.factories import UserFactory

THREADS = 10
LIMIT = 5
HELD_BEFORE = 3

pytestmark = [
    pytest.mark.postgres,
]


def _create(user, index: int, barrier: threading.Barrier, outcomes: list[str]) -> None:
    """Wait for every thread, then ask for a token; note how it went."""
    try:
        barrier.wait(timeout=30)
        token_create(actor=user, name=f"race {index}", expiry_days=None)
        outcomes.append("created")
    except TokenLimitReached:
        outcomes.append("refused")
    except Exception as error:  # any other failure must show in the assertion
        outcomes.append(f"error: {error!r}")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_never_pass_the_live_token_limit(settings):
    settings.API_MAX_TOKENS_PER_USER = LIMIT
    user = UserFactory.create()
    for index in range(HELD_BEFORE):
        token_create(actor=user, name=f"held {index}", expiry_days=None)

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    threads = [
        threading.Thread(target=_create, args=(user, index, barrier, outcomes))
        for index in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["created"] * 2 + ["refused"] * 8
    assert ApiToken.objects.filter(user=user).count() == LIMIT
