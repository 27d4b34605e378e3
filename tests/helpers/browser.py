"""Driving the site in Chromium: logging in through the login page."""

from __future__ import annotations

from typing import Any

from tests.factories.accounts import PASSWORD


def log_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in on the login page and wait until the site has moved on from it."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
