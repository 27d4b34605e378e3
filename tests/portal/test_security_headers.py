"""Every page carries the Content-Security-Policy; a signed-in person's pages are never cached."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def _no_store(response) -> bool:
    return {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_record_pages_and_downloads_are_never_stored(client, partner):
    lead = LeadFactory.create(owner=partner)
    client.force_login(partner)
    for url in (
        reverse("portal:lead-detail", args=[lead.pk]),
        reverse("portal:lead-list"),
        reverse("portal:lead-download") + "?format=csv",
        reverse("portal:lead-download") + "?format=xlsx",
        "/api/v1/leads/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_every_page_has_the_sites_content_security_policy(client, partner):
    login = client.get(reverse("account_login"))
    policy = login["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    client.force_login(partner)
    assert client.get(reverse("portal:home"))["Content-Security-Policy"] == policy


def test_the_api_docs_keep_their_own_policy(client, partner):
    client.force_login(partner)
    docs = client.get("/api/v1/docs/")
    assert "worker-src 'self' blob:" in docs["Content-Security-Policy"]
