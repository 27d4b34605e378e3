"""Fixtures of the API tests: clients that call the API as a given user, with a real token."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import User
from api.models import ApiToken


@pytest.fixture(autouse=True)
def clean_throttle_history() -> Iterator[None]:
    """DRF keeps throttle counts in the cache; each API test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client_for(db: None) -> Callable[[User], APIClient]:
    """api_client_for(user): an APIClient sending a fresh personal token of ``user``."""

    def make(user: User) -> APIClient:
        _, secret = ApiToken.objects.create(user=user, expiry=None, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client

    return make


@pytest.fixture
def anonymous_api_client() -> APIClient:
    return APIClient()
