"""Refused tokens are throttled per client: guessing tokens meets a 429, a good one still works."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.tokens.services import token_create

pytestmark = pytest.mark.django_db
URL = reverse("api:me")


def _client(secret: str, address: str = "203.0.113.5") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_wrong_tokens_past_the_rate_are_429_with_retry_after(settings, plain_member):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "token_failures": "5/minute",
        },
    }
    _, good = token_create(actor=plain_member.user, name="laptop", expiry_days=30)
    statuses = [_client(f"pp_wrong{n}").get(URL).status_code for n in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    refused = _client(good).get(URL)  # the same client, now with a right token: still waits
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert _client(good, address="198.51.100.9").get(URL).status_code == 200  # another client


def test_the_default_rate_stops_eighty_wrong_tokens(plain_member):
    statuses = {_client(f"pp_guess{n}").get(URL).status_code for n in range(80)}
    assert statuses == {401, 429}


def test_requests_without_a_token_are_not_counted_as_refused_tokens(anonymous_api_client):
    for _ in range(30):
        assert anonymous_api_client.get(URL).status_code == 401
