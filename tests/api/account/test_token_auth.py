"""Personal tokens on the API: a token acts as its owner; wrong, revoked, expired or an inactive
owner's tokens are refused in the error format, and the refusal tells nothing about the token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services.memberships import user_set_active
from api.models import ApiToken
from api.tokens.services import token_create, token_revoke

pytestmark = pytest.mark.django_db
URL = reverse("api:me")
INVALID = {
    "error": {
        "status": 401,
        "code": "authentication_failed",
        "message": "Invalid token.",
        "fields": {},
    }
}


def _client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def _assert_refused(response, secret: str) -> None:
    assert response.status_code == 401
    assert response.json() == INVALID
    assert response["WWW-Authenticate"] == "Token"
    assert secret not in response.content.decode()


def test_a_new_token_carries_the_pp_prefix_and_is_stored_only_as_a_digest(plain_member):
    token, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=30)
    assert secret.startswith("pp_")
    assert token.token_key == secret[:15]
    stored = ApiToken.objects.get(token_key=token.token_key)
    assert stored.digest != secret
    assert secret not in {stored.digest, stored.token_key, stored.name}
    assert dt.timedelta(days=29, hours=23) < stored.expiry - timezone.now() <= dt.timedelta(days=30)


def test_a_token_acts_as_its_owner_and_records_its_last_use(plain_member):
    token, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=None)
    assert token.last_used_at is None
    response = _client(secret).get(URL)
    assert response.status_code == 200
    assert response.json()["email"] == plain_member.user.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_wrong_token_is_refused(plain_member):
    _, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=None)
    wrong = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    _assert_refused(_client(wrong).get(URL), wrong)


@pytest.mark.parametrize("secret", ["pp_short", "x" * 300, "pp_" + "é" * 20])
def test_garbage_tokens_are_refused(secret):
    _assert_refused(_client(secret).get(URL), secret)


def test_a_token_of_stray_bytes_is_refused_not_an_error():
    client = APIClient()
    response = client.get(URL, HTTP_AUTHORIZATION="Token pp_\xff\xfe\xfd")
    assert response.status_code == 401
    assert response.json() == INVALID


def test_a_revoked_token_is_refused(plain_member):
    token, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=None)
    assert _client(secret).get(URL).status_code == 200
    token_revoke(actor=plain_member.user, token=token)
    _assert_refused(_client(secret).get(URL), secret)


def test_an_expired_token_is_refused(plain_member):
    token, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    _assert_refused(_client(secret).get(URL), secret)


def test_the_token_of_an_inactive_owner_is_refused_in_the_same_words(plain_member):
    _, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=None)
    user_set_active(actor=None, user=plain_member.user, is_active=False)
    _assert_refused(_client(secret).get(URL), secret)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
    ],
)
def test_malformed_token_headers_are_refused(header, message):
    response = APIClient().get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == message


def test_no_credentials_is_401_with_the_token_challenge(anonymous_api_client):
    response = anonymous_api_client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }
