"""The rows a list page shows: chosen from a few sizes, remembered, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

LIST = reverse("portal:lead-list")


@pytest.fixture
def partner(plenty_of_seats, company, member):
    user = member(company, PartnerRole.USER).user
    LeadFactory.create_batch(30, owner=user)
    return user


def test_a_chosen_page_size_applies_and_is_remembered_for_the_list(client, partner):
    client.force_login(partner)
    response = client.get(LIST, {"per_page": "25"})
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.num_pages == 2
    # Page links keep the size; the next visit without it remembers it.
    assert "per_page=25" in response.context["query"]
    assert len(client.get(LIST).context["rows"]) == 25
    assert len(client.get(LIST, {"per_page": "100"}).context["rows"]) == 30
    assert client.get(LIST).context["per_page"] == 100
    # Opportunities keep their own size.
    assert client.get(reverse("portal:opportunity-list")).context["per_page"] == 50


@pytest.mark.parametrize("value", ["7", "5000", "²", "-25", "25x", "9" * 30])
def test_a_size_that_is_not_a_choice_is_ignored_with_a_message(client, partner, value):
    client.force_login(partner)
    response = client.get(LIST, {"per_page": value})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 30  # the default of 50
    body = response.content.decode()
    assert (
        "is not one of the page sizes (25, 50, 100, 200), so the list shows 50 rows a page." in body
    )


def test_a_swap_of_the_results_refreshes_what_save_this_view_saves(client, partner):
    client.force_login(partner)
    response = client.get(
        LIST,
        {"sort": "company", "q": "x"},
        headers={"HX-Request": "true", "HX-Target": "record-results"},
    )
    body = response.content.decode()
    oob = body[body.index('<div id="save-view-state" hx-swap-oob="true">') :]
    oob = oob[: oob.index("</div>")]
    assert '<input type="hidden" name="sort" value="company">' in oob
    assert '<input type="hidden" name="q" value="x">' in oob
    # The full page has the save form once, at the top, without an out-of-band copy.
    page = client.get(LIST).content.decode()
    assert page.count('id="save-view-state"') == 1
    assert page.index("Save this view") < page.index('id="record-results"')
