"""The 404 and 403 pages a person meets have the site's layout and a way back, in DEBUG too."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import PartnerRole
from tests.factories import LeadFactory, PartnerAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


@pytest.mark.parametrize("debug", [True, False])
def test_another_companys_lead_is_the_sites_404_page(client, partner, member, debug):
    other = member(PartnerAccountFactory.create(), PartnerRole.USER).user
    lead = LeadFactory.create(owner=other)
    client.force_login(partner)
    with override_settings(DEBUG=debug):
        response = client.get(reverse("portal:lead-detail", args=[lead.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert 'class="site-nav"' in page  # the signed-in layout, with its navigation
    assert reverse("portal:home") in page
    assert "Traceback" not in page and "URLconf" not in page


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_address_is_the_sites_404_page(client, partner, debug):
    client.force_login(partner)
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert "Using the URLconf" not in response.content.decode()


def test_a_missing_slash_still_redirects_and_the_api_keeps_its_json_404(client, partner):
    client.force_login(partner)
    assert client.get("/leads").status_code == 301
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_signed_out_visitor_gets_the_404_page_with_a_log_in_link(client):
    with override_settings(DEBUG=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert reverse("account_login") in response.content.decode()
