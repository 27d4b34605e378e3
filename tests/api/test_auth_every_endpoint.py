"""Every operation of the API refuses a missing, wrong, revoked or expired token and an inactive
owner's token with the same 401, and changes nothing.

The operations are read from the live OpenAPI schema, so an endpoint added later is covered
without touching this module.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import PartnerRole
from api.models import ApiToken
from api.tokens.services import token_create, token_revoke

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
# Rows of these apps are what an API call could change.
WATCHED_APPS = ("accounts", "portal", "sync", "api", "auditlog")


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation in the schema, path parameters filled in."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for template, item in document["paths"].items():
        path = re.sub(r"\{batch_id\}", str(uuid.uuid4()), template)
        path = re.sub(r"\{[^}]+\}", "1", path)
        found += [(method, path) for method in METHODS if method in item]
    return found


OPERATIONS = _operations()


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def _no_token() -> APIClient:
    return APIClient()


@pytest.fixture
def owner(company, member, plenty_of_seats):
    """A partner admin with a seat and the export permission: every right a token could carry."""
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True, can_export=True).user


def _with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture(
    params=["no token", "wrong token", "revoked token", "expired token", "inactive owner"]
)
def refused_client(request, owner) -> Callable[[], APIClient]:
    kind = request.param
    if kind == "no token":
        return _no_token
    token, secret = token_create(actor=owner, name="refused", expiry_days=None)
    if kind == "wrong token":
        secret = secret[:-4] + ("aaaa" if not secret.endswith("aaaa") else "bbbb")
    elif kind == "revoked token":
        token_revoke(actor=owner, token=token)
    elif kind == "expired token":
        ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    elif kind == "inactive owner":
        type(owner).objects.filter(pk=owner.pk).update(is_active=False)
    return lambda: _with(secret)


def test_the_schema_lists_the_operations_this_test_walks():
    paths = {path for _, path in OPERATIONS}
    assert len(OPERATIONS) > 40
    for expected in ("/api/v1/me/", "/api/v1/leads/", "/api/v1/exports/", "/api/v1/shares/"):
        assert expected in paths


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_refuses_the_request_and_changes_nothing(refused_client, method, path):
    before = _counts()
    response = getattr(refused_client(), method)(path, {}, format="json")
    assert response.status_code == 401, (method, path, response.content[:200])
    error = response.json()["error"]
    assert error["status"] == 401
    assert error["code"] in ("not_authenticated", "authentication_failed")
    assert response.has_header("WWW-Authenticate")
    assert _counts() == before
