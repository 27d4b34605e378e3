"""Numbers in the list pages' query strings: other scripts' digits and huge values never 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["²", "١٢", "\uff11\uff12", "999999999999999999999999999999", "-3"]


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("url_name", ["portal:lead-list", "portal:opportunity-list"])
def test_a_bad_owner_is_ignored_with_a_message_not_a_server_error(client, partner, url_name, value):
    LeadFactory.create(owner=partner)
    OpportunityFactory.create(owner=partner)
    client.force_login(partner)
    response = client.get(reverse(url_name), {"owner": value})
    assert response.status_code == 200
    assert response.context["total"] == 1
    assert "The Owner filter" in response.content.decode()
    assert "is not one of its choices, so it was ignored." in response.content.decode()


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_bad_view_id_shows_the_list_without_a_saved_view(client, partner, value):
    LeadFactory.create(owner=partner)
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"), {"view": value})
    assert response.status_code == 200
    assert response.context["state"].view_id is None


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_download_with_a_bad_owner_or_selection_is_a_400_with_the_reason(client, partner, value):
    lead = LeadFactory.create(owner=partner)
    client.force_login(partner)
    url = reverse("portal:lead-download")
    by_owner = client.get(url, {"format": "csv", "owner": value})
    assert by_owner.status_code == 400
    assert "The Owner filter cannot be" in by_owner.content.decode()
    selected = client.get(url, {"format": "csv", "selected": [str(lead.pk), value]})
    assert selected.status_code == 400
    assert "is not a record id" in selected.content.decode()


def test_a_selected_id_in_arabic_indic_digits_downloads_nothing_it_does_not_name(client, partner):
    # "١٢" is what int() reads as 12: it must not pick record 12.
    leads = [LeadFactory.create(owner=partner) for _ in range(12)]
    client.force_login(partner)
    response = client.get(reverse("portal:lead-download"), {"format": "csv", "selected": "١٢"})
    assert response.status_code == 400
    assert str(leads[-1].email) not in response.content.decode()


def test_the_owner_filter_offers_exactly_the_owners_of_the_visible_records(
    client, partner, member, company
):
    colleague = member(company, PartnerRole.USER).user  # owns nothing the partner sees
    manager = member(company, PartnerRole.MANAGER).user
    shared_by_other = LeadFactory.create(owner=manager)  # above the partner: shared to them
    share_grant(actor=None, records=[shared_by_other], level="read", user=partner)
    LeadFactory.create(owner=partner)
    LeadFactory.create()  # another company's lead, not visible
    client.force_login(partner)
    response = client.get(reverse("portal:lead-list"))
    choices = dict(response.context["filter_form"].fields["owner"].choices)
    assert choices == {"": "Anyone", partner.pk: "Me", manager.pk: str(manager)}
    assert colleague.pk not in choices
    offered = [key for key in choices if key != ""]
    for owner_value in offered:
        filtered = client.get(reverse("portal:lead-list"), {"owner": owner_value})
        assert filtered.context["total"] == 1
