"""Lists page only so deep (an OFFSET costs every row before it) and say how to narrow them."""

from __future__ import annotations

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import PartnerRole
from tests.factories import AccountFactory, LeadFactory

pytestmark = pytest.mark.django_db

LIST = reverse("portal:lead-list")


@pytest.fixture
def partner(plenty_of_seats, company, member, settings):
    settings.LIST_PAGE_SIZE = 2
    settings.LIST_MAX_PAGES = 3
    user = member(company, PartnerRole.USER).user
    LeadFactory.create_batch(10, owner=user)
    return user


def test_the_last_page_within_the_depth_has_no_next_link_and_says_how_to_narrow(client, partner):
    client.force_login(partner)
    response = client.get(LIST, {"page": "3", "per_page": ""})
    body = response.content.decode()
    assert response.context["page"].number == 3
    assert 'rel="next"' not in body
    assert "This is the last page the list goes to." in body
    assert 'rel="next"' in client.get(LIST, {"page": "2"}).content.decode()


@pytest.mark.parametrize("asked", ["4", "5", "99999999999999999999", "\uff11\uff12"])
def test_a_page_past_the_depth_is_never_an_offset_past_it(client, partner, asked):
    client.force_login(partner)
    with CaptureQueriesContext(db) as queries:
        response = client.get(LIST, {"page": asked})
    assert response.status_code == 200
    number = response.context["page"].number
    assert number <= 3
    offsets = [q["sql"] for q in queries if " OFFSET " in q["sql"]]
    assert all(" OFFSET 6" not in sql and " OFFSET 8" not in sql for sql in offsets), offsets
    if asked in ("4", "5"):
        assert "Lists go 3 pages deep, so this is page 3." in response.content.decode()
    else:
        # Not a page number: other scripts' digits, or more digits than any count of rows.
        assert number == 1


def test_accounts_page_as_deep_and_no_further(client, plenty_of_seats, company, member, settings):
    settings.LIST_PAGE_SIZE = 2
    settings.LIST_MAX_PAGES = 2
    user = member(company, PartnerRole.USER).user
    for _ in range(6):
        AccountFactory.create(owner=user)
    client.force_login(user)
    response = client.get(reverse("portal:account-list"), {"page": "3"})
    assert response.context["page"].number == 2
    assert 'rel="next"' not in response.content.decode()
