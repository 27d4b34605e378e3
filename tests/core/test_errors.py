"""Every domain error names one category, and the interfaces answer by the category."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from accounts.errors import SeatLimitReached
from api.errors import api_exception_handler
from core.errors import (
    CATEGORIES,
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    NotPermitted,
    Unavailable,
    category_of,
)
from core.middleware import SiteErrorPagesMiddleware

PRODUCT_PACKAGES = ["core", "accounts", "portal", "salesforce", "sync", "api"]


def _import_product() -> None:
    """Import every product module, so every domain error class is defined."""
    for name in PRODUCT_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".migrations." not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _domain_errors() -> list[type[DomainError]]:
    _import_product()
    return sorted(_subclasses(DomainError) - set(CATEGORIES), key=lambda c: c.__qualname__)


def test_the_walk_finds_the_errors_of_every_app():
    modules = {error.__module__.split(".")[0] for error in _domain_errors()}
    assert {"accounts", "portal", "sync", "api"} <= modules


@pytest.mark.parametrize("error", _domain_errors(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_domain_error_derives_from_a_category(error):
    category = category_of(error)
    assert category is not None, f"{error.__name__} names no category of core.errors"
    assert error.status == category.status
    assert error.code and error.code.replace("_", "").isalpha()


@pytest.mark.parametrize(
    ("category", "status", "code"),
    [
        (NotFound, 404, "not_found"),
        (NotPermitted, 403, "permission_denied"),
        (Conflict, 409, "conflict"),
        (Invalid, 400, "invalid"),
        (Unavailable, 503, "unavailable"),
    ],
)
def test_the_api_answers_a_category_with_its_status_and_code(category, status, code):
    class Refusal(category):  # type: ignore[misc, valid-type]
        """A new error that names only its category."""

    response = api_exception_handler(Refusal("The rule says no."), {})
    assert response is not None
    assert response.status_code == status
    assert response.data["error"]["code"] == code
    expected = "Not found." if category is NotFound else "The rule says no."
    assert response.data["error"]["message"] == expected


def test_an_invalid_error_lists_its_problems_as_fields():
    error = Invalid("Check the fields.", {"name": "Too long.", "": "Bad."})
    response = api_exception_handler(error, {})
    assert response is not None
    assert response.data["error"]["fields"] == {
        "name": ["Too long."],
        "non_field_errors": ["Bad."],
    }


def test_a_specific_code_overrides_its_categorys():
    response = api_exception_handler(SeatLimitReached("No seats left."), {})
    assert response is not None
    assert (response.status_code, response.data["error"]["code"]) == (409, "seat_limit_reached")


def _request():
    request = RequestFactory().get("/leads/1/")
    request.user = AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (NotFound("Gone."), 404, "We could not find that page"),
        (Http404(), 404, "We could not find that page"),
        (NotPermitted("Only partner admins see this."), 403, "Only partner admins see this."),
        (PermissionDenied(), 403, "Your role does not include this page."),
    ],
)
def test_the_site_answers_an_escaped_refusal_with_its_own_page(error, status, text):
    middleware = SiteErrorPagesMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    response = middleware.process_exception(_request(), error)
    assert response is not None
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert 'class="site-header"' in page  # the site's layout, not a bare page


def test_the_site_leaves_other_categories_to_the_view():
    middleware = SiteErrorPagesMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
    assert middleware.process_exception(_request(), Conflict("Busy.")) is None
