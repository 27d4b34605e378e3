"""API tokens in Django admin: vendor admins list and revoke every token, never see digests,
and cannot create or edit tokens there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens.services import token_create
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:api_apitoken_changelist")


@pytest.fixture
def vendor_admin(client):
    boss = StaffFactory.create(email="boss@vendor.example.com", is_superuser=True)
    client.force_login(boss)
    return boss


@pytest.fixture
def tokens(plain_member, exporter):
    mine, _ = token_create(actor=plain_member.user, name="Plain's sync", expiry_days=None)
    theirs, _ = token_create(actor=exporter.user, name="Exporter's sync", expiry_days=30)
    return mine, theirs


def _revoke(client, *keys, confirm=False):
    data = {"action": "revoke", ACTION_CHECKBOX_NAME: list(keys)}
    if confirm:
        data["post"] = "yes"
    return client.post(CHANGELIST, data)


def test_vendor_admins_list_every_token_without_digests(client, vendor_admin, tokens):
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    page = response.content.decode()
    for token in tokens:
        assert token.user.email in page
        assert token.name.replace("'", "&#x27;") in page
        assert f"{token.token_key}…" in page
        assert token.digest not in page
    assert reverse("admin:api_apitoken_add") not in page


def test_search_by_owner_email_and_filter_by_status(client, vendor_admin, tokens, exporter):
    mine, theirs = tokens
    found = client.get(CHANGELIST, {"q": exporter.user.email}).context["cl"].result_list
    assert [t.token_key for t in found] == [theirs.token_key]
    ApiToken.objects.filter(pk=theirs.pk).update(expiry=timezone.now() - dt.timedelta(days=1))
    expired = client.get(CHANGELIST, {"status": "expired"}).context["cl"].result_list
    assert [t.token_key for t in expired] == [theirs.token_key]
    live = client.get(CHANGELIST, {"status": "live"}).context["cl"].result_list
    assert [t.token_key for t in live] == [mine.token_key]


def test_revoking_asks_first_then_revokes_the_selected_tokens(
    client, vendor_admin, tokens, api_client_for
):
    mine, theirs = tokens
    page = _revoke(client, theirs.token_key)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Revoke 1 token" in body
    assert theirs.digest not in body
    assert ApiToken.objects.count() == 2
    done = _revoke(client, theirs.token_key, confirm=True)
    assert done.status_code == 302
    assert list(ApiToken.objects.values_list("token_key", flat=True)) == [mine.token_key]


def test_there_is_no_add_edit_or_plain_delete(client, vendor_admin, tokens):
    mine, _ = tokens
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
    change = client.get(reverse("admin:api_apitoken_change", args=[mine.digest]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert 'name="digest"' not in change.content.decode()
    delete = client.post(reverse("admin:api_apitoken_delete", args=[mine.digest]), {"post": "yes"})
    assert delete.status_code == 403
    response = client.post(
        CHANGELIST, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [mine.token_key]}
    )
    assert response.status_code == 302  # an action the page does not offer does nothing
    assert ApiToken.objects.count() == 2


def test_staff_without_the_delete_permission_only_view(client, tokens):
    viewer = StaffFactory.create()
    viewer.user_permissions.add(Permission.objects.get(codename="view_apitoken"))
    client.force_login(viewer)
    assert client.get(CHANGELIST).status_code == 200
    mine, _ = tokens
    _revoke(client, mine.token_key, confirm=True)
    assert ApiToken.objects.count() == 2


def test_partner_users_do_not_reach_the_admin(client, plain_member, tokens):
    client.force_login(plain_member.user)
    assert client.get(CHANGELIST).status_code == 302
