"""In Chromium: a partner user creates an API token, uses it, revokes it; the API docs render
from the site's own assets alone."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress

from api.models import ApiToken
from tests.helpers.browser import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # As every API test (tests/api/conftest.py), with no throttle history.
    pytest.mark.usefixtures("clean_throttle_history"),
]


@pytest.fixture
def partner(company, member) -> Any:
    user = member(company).user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _me(live_server: Any, secret: str) -> requests.Response:
    return requests.get(
        f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Token {secret}"}, timeout=10
    )


def test_partner_creates_uses_and_revokes_an_api_token(page, live_server, partner):
    log_in(page, partner.email)
    page.locator("summary", has_text=partner.get_short_name()).click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("CRM sync")
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Create token").click()

    assert page.get_by_text("it is shown only this once").is_visible()
    secret = page.get_by_label("Your new token").input_value()
    assert secret.startswith("pp_")
    assert _me(live_server, secret).json()["email"] == partner.email

    page.get_by_role("link", name="Done").click()
    row = page.locator("tr", has_text="CRM sync")
    assert secret[:15] in row.inner_text()
    assert secret not in page.content()
    row.get_by_role("link", name="Revoke").click()
    page.get_by_role("button", name="Revoke the token").click()
    assert page.get_by_text("Revoked the API token “CRM sync”.").is_visible()
    assert not ApiToken.objects.filter(user=partner).exists()
    assert _me(live_server, secret).status_code == 401


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/api/v1/docs/", lambda page: page.locator(".opblock-summary", has_text="Who am I")),
        ("/api/v1/redoc/", lambda page: page.get_by_role("heading", name="Who am I")),
    ],
    ids=["swagger-ui", "redoc"],
)
def test_the_api_docs_render_without_leaving_the_site(page, live_server, path, shown):
    reached: list[str] = []
    blocked: list[str] = []
    page.on("requestfinished", lambda request: reached.append(request.url))
    page.on("requestfailed", lambda request: blocked.append(request.failure))
    page.goto(path)
    shown(page).first.wait_for()
    outside = [url for url in reached if not url.startswith((live_server.url, "data:", "blob:"))]
    assert outside == []
    assert set(blocked) <= {"csp"}  # stopped by the page's Content-Security-Policy
    assert any(url.endswith("/api/v1/schema/") for url in reached)
