"""The OpenAPI document is valid with no generation warnings, and the docs pages work offline."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db
STATIC_PREFIX = "/static/"


def _schema(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_and_generates_without_warnings(client):
    GENERATOR_STATS.reset()
    document = _schema(client)
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    assert problems == []
    validate(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/me/" in document["paths"]


def test_the_spectacular_command_validates_and_fails_on_no_warning():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue().startswith("openapi: 3.")


def test_every_operation_declares_the_error_format_and_token_security(client):
    document = _schema(client)
    schemes = document["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    error_ref = {"$ref": "#/components/schemas/Error"}
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert operations
    for path, method, operation in operations:
        default = operation["responses"]["default"]
        assert default["content"]["application/json"]["schema"] == error_ref, (path, method)
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                assert "content" in response, (path, method, code)


def _references(page: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_docs_pages_load_only_the_sites_own_assets(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    references = _references(page)
    assert references
    for url in references:
        assert url.startswith(STATIC_PREFIX), url
        assert finders.find(url.removeprefix(STATIC_PREFIX)), url
        assert client.get(url).status_code == 200, url
    assert reverse("api:schema") in page
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy


def test_swagger_ui_does_not_call_the_public_validator(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert '"validatorUrl": null' in page
