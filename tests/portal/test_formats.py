"""One money, date and date-time style on the site, with the time zone; overdue deals flagged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PartnerRole
from portal.models import Note, Stage
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def test_amounts_and_dates_read_the_same_on_the_list_and_the_record(client, partner):
    deal = OpportunityFactory.create(
        owner=partner, amount=Decimal("500000.00"), close_date=dt.date(2099, 12, 3)
    )
    client.force_login(partner)
    listed = client.get(reverse("portal:opportunity-list")).content.decode()
    record = client.get(reverse("portal:opportunity-detail", args=[deal.pk])).content.decode()
    for page in (listed, record):
        assert "$500,000.00" in page
        assert "500000.00" not in page
        assert "3 Dec 2099" in page


def test_a_passed_close_date_of_an_open_deal_is_flagged_and_a_closed_one_is_not(client, partner):
    past = timezone.localdate() - dt.timedelta(days=3)
    open_deal = OpportunityFactory.create(owner=partner, name="Open late", close_date=past)
    OpportunityFactory.create(owner=partner, name="Won", close_date=past, stage=Stage.CLOSED_WON)
    client.force_login(partner)
    listed = client.get(reverse("portal:opportunity-list")).content.decode()
    assert listed.count(">Overdue</span>") == 1
    record = client.get(reverse("portal:opportunity-detail", args=[open_deal.pk]))
    assert "Overdue: the close date has passed" in record.content.decode()


def test_a_notes_time_has_one_style_with_the_time_zone(client, partner):
    deal = OpportunityFactory.create(owner=partner)
    when = dt.datetime(2026, 12, 3, 16, 33, tzinfo=dt.UTC)
    note = Note.objects.create(opportunity=deal, author=partner, body="Called them.")
    Note.objects.filter(pk=note.pk).update(created_at=when)
    client.force_login(partner)
    page = client.get(reverse("portal:opportunity-detail", args=[deal.pk])).content.decode()
    assert "3 Dec 2026, 16:33 UTC" in page
    assert "p.m." not in page


def test_the_login_page_speaks_of_invitations_not_sign_up(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "sign up" not in page.lower()
    assert "Access is by invitation from the vendor." in page
    assert 'type="password"' in page
