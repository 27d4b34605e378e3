"""GET /api/v1/accounts/ and /contacts/: accounts as the site shows them, contacts with them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.services.sharing import share_grant
from tests.factories import AccountFactory, ContactFactory, OpportunityFactory
from tests.helpers.api import error_of

pytestmark = pytest.mark.django_db

ACCOUNTS = reverse("api:account-list")
CONTACTS = reverse("api:contact-list")


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_accounts_shared_or_behind_a_visible_opportunity_are_listed_by_name(api, partner):
    shared = AccountFactory.create(name="Bravo")
    share_grant(actor=None, records=[shared], level="read", user=partner)
    through = AccountFactory.create(name="Alpha")
    OpportunityFactory.create(owner=partner, account=through)
    AccountFactory.create(name="Aardvark hidden")
    assert ids(api.get(ACCOUNTS)) == [through.pk, shared.pk]
    assert api.get(reverse("api:account-detail", args=[through.pk])).json()["name"] == "Alpha"


def test_contacts_are_visible_with_their_account(api, partner):
    account = AccountFactory.create(name="Umbrella")
    OpportunityFactory.create(owner=partner, account=account)
    contact = ContactFactory.create(
        account=account, last_name="Visible", email="v@umbrella.example"
    )
    ContactFactory.create(last_name="Hidden")
    ContactFactory.create(account=None, last_name="Orphan")
    rows = api.get(CONTACTS).json()["results"]
    assert [r["id"] for r in rows] == [contact.pk]
    assert rows[0]["account"] == {"id": account.pk, "name": "Umbrella"}
    assert ids(api.get(CONTACTS, {"search": "umbrella"})) == [contact.pk]
    assert ids(api.get(CONTACTS, {"account": account.pk})) == [contact.pk]


def test_another_companys_account_and_contact_are_404(api, outsider):
    account = AccountFactory.create(name="Theirs")
    OpportunityFactory.create(owner=outsider, account=account)
    contact = ContactFactory.create(account=account)
    for url in (
        reverse("api:account-detail", args=[account.pk]),
        reverse("api:contact-detail", args=[contact.pk]),
    ):
        response = api.get(url)
        assert response.status_code == 404
        assert error_of(response)["message"] == "Not found."
    assert ids(api.get(ACCOUNTS, {"search": "theirs"})) == []
    assert ids(api.get(CONTACTS, {"account": account.pk})) == []


def test_the_super_user_rule_does_not_reach_accounts(api_client_for, company, member):
    owner = member(company, PartnerRole.USER).user
    super_user = member(company, PartnerRole.USER, is_super_user=True).user
    account = AccountFactory.create(owner=owner)
    assert ids(api_client_for(owner).get(ACCOUNTS)) == [account.pk]
    assert ids(api_client_for(super_user).get(ACCOUNTS)) == []


def test_account_filters_and_ordering(api, partner):
    bank = AccountFactory.create(name="Bank", industry="Banking", type="Prospect", owner=partner)
    AccountFactory.create(name="Shop", industry="Retail", owner=partner)
    assert ids(api.get(ACCOUNTS, {"industry": "Banking"})) == [bank.pk]
    assert ids(api.get(ACCOUNTS, {"type": "Prospect"})) == [bank.pk]
    rows = api.get(ACCOUNTS, {"ordering": "-name"}).json()["results"]
    assert [r["name"] for r in rows] == ["Shop", "Bank"]
    response = api.get(ACCOUNTS, {"ordering": "website"})
    assert response.status_code == 400
    assert "ordering" in error_of(response)["fields"]


def test_vendor_staff_see_every_account_and_contact(api_client_for, staff):
    account = AccountFactory.create()
    contact = ContactFactory.create(account=account)
    client = api_client_for(staff)
    assert ids(client.get(ACCOUNTS)) == [contact.account_id]
    assert ids(client.get(CONTACTS)) == [contact.pk]


def test_anonymous_callers_get_401(anonymous_api_client):
    assert anonymous_api_client.get(ACCOUNTS).status_code == 401
    assert anonymous_api_client.get(CONTACTS).status_code == 401
