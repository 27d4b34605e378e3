"""Every aria-describedby on the site's forms names an element that exists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import PartnerRole

pytestmark = pytest.mark.django_db


def _dangling(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    described = [
        target
        for value in re.findall(r'aria-describedby="([^"]+)"', page)
        for target in value.split()
    ]
    return [target for target in described if target not in ids]


def test_the_token_page_and_the_password_page_describe_their_fields(
    client, plenty_of_seats, company, member
):
    user = member(company, PartnerRole.USER).user
    client.force_login(user)
    for url in (reverse("tokens:token-list"), reverse("account_change_password")):
        page = client.get(url).content.decode()
        assert "aria-describedby" in page, url
        assert _dangling(page) == [], url
