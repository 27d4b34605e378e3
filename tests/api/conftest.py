"""The API tests: each one starts and ends with no throttle history."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clean_throttle_history(clean_throttle_history: None) -> None:
    """`clean_throttle_history` (tests/fixtures/api.py) for every test here."""
