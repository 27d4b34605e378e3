"""The home page: open work, recent activity, and the team for partner admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import LeadStatus, Stage
from portal.services.records import note_add
from tests.factories import LeadFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def test_home_counts_open_leads_by_status_and_open_opportunities_by_stage(client, partner):
    LeadFactory.create(owner=partner, status=LeadStatus.OPEN)
    LeadFactory.create(owner=partner, status=LeadStatus.WORKING)
    LeadFactory.create(owner=partner, status=LeadStatus.WORKING)
    LeadFactory.create(owner=partner, status=LeadStatus.CONVERTED)
    LeadFactory.create(status=LeadStatus.OPEN)
    OpportunityFactory.create(owner=partner, stage=Stage.PROPOSAL)
    OpportunityFactory.create(owner=partner, stage=Stage.CLOSED_WON)
    client.force_login(partner)
    response = client.get(reverse("portal:home"))
    assert response.context["lead_counts"] == [
        (LeadStatus.OPEN, "Open", 1),
        (LeadStatus.WORKING, "Working", 2),
    ]
    assert response.context["lead_total"] == 3
    stages = {value: n for value, _, n in response.context["opportunity_counts"]}
    assert stages[Stage.PROPOSAL] == 1
    assert Stage.CLOSED_WON not in stages
    assert response.context["opportunity_total"] == 1


def test_home_lists_recent_notes_and_changes_on_visible_records_only(client, partner, staff):
    lead = LeadFactory.create(owner=partner, last_name="Visible")
    hidden = LeadFactory.create(last_name="Invisible")
    note_add(actor=partner, record=lead, body="Seen note")
    note_add(actor=staff, record=hidden, body="Secret note")
    client.force_login(partner)
    response = client.get(reverse("portal:home"))
    body = response.content.decode()
    assert [n.body for n in response.context["notes"]] == ["Seen note"]
    assert [r.pk for _, _, r in response.context["changed"]] == [lead.pk]
    assert "Secret note" not in body
    assert "Invisible" not in body


def test_partner_admin_home_shows_the_team_and_seats(client, plenty_of_seats, company, member):
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True)
    colleague = member(company, PartnerRole.USER)
    client.force_login(admin.user)
    response = client.get(reverse("portal:home"))
    team = {row["member"].pk: row["holds_seat"] for row in response.context["team"]}
    assert team == {admin.pk: True, colleague.pk: False}
    assert response.context["seats"].used == 1


def test_ordinary_partner_home_has_no_team_section(client, partner):
    client.force_login(partner)
    response = client.get(reverse("portal:home"))
    assert "team" not in response.context
    assert "Your team" not in response.content.decode()


def test_vendor_staff_get_the_admin_link(client, staff):
    client.force_login(staff)
    assert reverse("admin:index") in client.get(reverse("portal:home")).content.decode()


def test_base_layout_has_skip_link_logout_form_and_offline_htmx(client, partner):
    client.force_login(partner)
    body = client.get(reverse("portal:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in body
    assert f'<form method="post" action="{reverse("account_logout")}">' in body
    assert "/static/django_htmx/htmx-2.min.js" in body
    assert "https://" not in body.split("<body", 1)[0]
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200
    assert client.get("/static/css/portal.css").status_code == 200
