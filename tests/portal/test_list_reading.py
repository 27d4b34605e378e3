"""Lists read as lists: the default sort shown, My exports in the navigation, records named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_the_default_order_shows_on_the_created_column(client, plenty_of_seats, company, member):
    user = member(company, PartnerRole.USER).user
    LeadFactory.create(owner=user)
    client.force_login(user)
    page = client.get(reverse("portal:lead-list")).content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?' in page
    assert page.count('aria-sort="descending"') == 1


def test_my_exports_is_in_the_navigation_of_those_who_export(client, exporter, company, member):
    client.force_login(exporter)
    assert (
        f'href="{reverse("sync:export-list")}"'
        in client.get(reverse("portal:home")).content.decode()
    )
    plain = member(company, PartnerRole.USER).user
    client.force_login(plain)
    assert "My exports" not in client.get(reverse("portal:home")).content.decode()


def test_the_export_confirmation_lists_the_records_it_will_send(client, exporter, connection):
    leads = [LeadFactory.create(owner=exporter, last_name=f"Sent{n}") for n in range(3)]
    client.force_login(exporter)
    url = reverse("sync:export-confirm", args=["lead"])
    page = client.get(url, {"selected": [lead.pk for lead in leads]}).content.decode()
    for lead in leads:
        assert f'<a href="{reverse("portal:lead-detail", args=[lead.pk])}">{lead}</a>' in page
