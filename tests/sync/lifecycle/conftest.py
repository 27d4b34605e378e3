"""The disable / reconnect / delete tests: as the update tests, queued changes are due at once."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_push_window(no_push_window: None) -> None:
    """`no_push_window` (tests/fixtures/updates.py) for every test here."""
