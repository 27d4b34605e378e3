"""The site's API tokens page: create a token (secret shown once), list, revoke after asking."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from api.models import ApiToken
from api.tokens.services import token_create

pytestmark = pytest.mark.django_db
LIST = reverse("tokens:token-list")


@pytest.fixture
def logged_in(client, plain_member):
    client.force_login(plain_member.user)
    return client


def _revoke_url(token):
    return reverse("tokens:token-revoke", args=[token.token_key])


def test_the_user_menu_links_to_the_tokens_page(logged_in):
    assert f'href="{LIST}"' in logged_in.get(reverse("portal:home")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(LIST, {"name": "x", "expiry_days": "30"}).status_code == 302
    assert ApiToken.objects.count() == 0


def test_creating_a_token_shows_its_secret_once(logged_in, plain_member):
    response = logged_in.post(LIST, {"name": "CRM sync", "expiry_days": "90"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("pp_")
    page = response.content.decode()
    assert secret in page
    assert "shown only this once" in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=plain_member.user)
    assert (token.name, token.token_key) == ("CRM sync", secret[:15])
    assert dt.timedelta(days=89) < token.expiry - timezone.now() <= dt.timedelta(days=90)
    # The list never shows it again, only its first characters.
    listing = logged_in.get(LIST).content.decode()
    assert secret not in listing
    assert f"{token.token_key}…" in listing
    assert token.digest not in listing


def test_the_new_secret_works_on_the_api(logged_in, plain_member):
    secret = logged_in.post(LIST, {"name": "CRM sync", "expiry_days": "never"}).context["secret"]
    response = logged_in.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.json()["id"] == plain_member.user.pk
    assert ApiToken.objects.get(user=plain_member.user).expiry is None


def test_the_list_shows_name_prefix_dates_and_expired_tokens(logged_in, plain_member):
    live, _ = token_create(actor=plain_member.user, name="Live one", expiry_days=30)
    old, _ = token_create(actor=plain_member.user, name="Old one", expiry_days=30)
    ApiToken.objects.filter(pk=old.pk).update(expiry=timezone.now() - dt.timedelta(days=1))
    response = logged_in.get(LIST)
    rows = {t.name: t for t in response.context["tokens"]}
    assert (rows["Live one"].is_expired, rows["Old one"].is_expired) == (False, True)
    page = response.content.decode()
    assert page.count("Expired</span>") == 1
    assert f"{live.token_key}…" in page
    assert "Never" in page  # never used


def test_the_list_shows_only_the_users_own_tokens(logged_in, exporter):
    theirs, _ = token_create(actor=exporter.user, name="Someone else's", expiry_days=None)
    page = logged_in.get(LIST).content.decode()
    assert "Someone else" not in page
    assert theirs.token_key not in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "expiry_days": "30"}, "name"),
        ({"name": "   ", "expiry_days": "30"}, "name"),
        ({"name": "x" * 101, "expiry_days": "30"}, "name"),
        ({"name": "ok", "expiry_days": "7"}, "expiry_days"),
        ({"name": "ok"}, "expiry_days"),
    ],
)
def test_invalid_input_is_refused_with_a_field_error(logged_in, data, field):
    response = logged_in.post(LIST, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_no_more_live_tokens_than_the_limit(logged_in, plain_member, settings):
    settings.API_MAX_TOKENS_PER_USER = 2
    token_create(actor=plain_member.user, name="one", expiry_days=None)
    expired, _ = token_create(actor=plain_member.user, name="two", expiry_days=30)
    ApiToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - dt.timedelta(days=1))
    # The expired one does not count.
    assert logged_in.post(LIST, {"name": "three", "expiry_days": "30"}).status_code == 200
    response = logged_in.post(LIST, {"name": "four", "expiry_days": "30"})
    assert response.status_code == 409
    assert "already have 2 active API tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=plain_member.user).count() == 3


def test_revoking_asks_first_then_deletes_the_token(logged_in, plain_member):
    token, secret = token_create(actor=plain_member.user, name="CRM sync", expiry_days=None)
    page = logged_in.get(_revoke_url(token))
    assert page.status_code == 200
    assert "Revoke the API token “CRM sync”?" in page.content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    response = logged_in.post(_revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    refused = logged_in.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert refused.status_code == 401


def test_another_users_token_cannot_be_revoked(logged_in, exporter):
    theirs, _ = token_create(actor=exporter.user, name="theirs", expiry_days=None)
    assert logged_in.get(_revoke_url(theirs)).status_code == 404
    assert logged_in.post(_revoke_url(theirs)).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_creation_and_revocation_enter_the_audit_trail(logged_in, plain_member):
    logged_in.post(LIST, {"name": "CRM sync", "expiry_days": "30"})
    token = ApiToken.objects.get(user=plain_member.user)
    logged_in.post(_revoke_url(token))
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), changes__has_key="api_token"
    ).order_by("pk")
    assert [(e.action, e.changes) for e in entries] == [
        (LogEntry.Action.CREATE, {"api_token": [None, "CRM sync"]}),
        (LogEntry.Action.DELETE, {"api_token": ["CRM sync", None]}),
    ]
    owner = plain_member.user
    for entry in entries:
        assert entry.actor == owner
        assert entry.object_pk == str(owner.pk)
        assert entry.additional_data["token_key"] == token.token_key
        assert entry.object_repr == f"API token CRM sync ({token.token_key}…) of {owner.email}"
        assert token.digest not in str(entry.additional_data) + entry.object_repr
