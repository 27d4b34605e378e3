"""Failed logins: a stranger's failures refuse the stranger, never the address's owner."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.adapters import ADDRESS_FAILURE_LIMIT
from accounts.models import User
from tests.factories import UserFactory

LOGIN = reverse("account_login")
PASSWORD = "correct-horse-battery"
REFUSED = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db) -> User:
    user = UserFactory.create(email="pat@partner.example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _try(client: Client, email: str, password: str) -> str:
    response = client.post(LOGIN, {"login": email, "password": password})
    return response.content.decode() if response.status_code == 200 else "logged in"


def test_a_strangers_failures_refuse_the_stranger_but_not_the_owner(owner):
    stranger = _from("203.0.113.7")
    for _ in range(5):
        assert REFUSED not in _try(stranger, owner.email, "guess")
    assert REFUSED in _try(stranger, owner.email, PASSWORD)  # the stranger is out
    owner_client = _from("198.51.100.20")
    assert _try(owner_client, owner.email, PASSWORD) == "logged in"
    assert "_auth_user_id" in owner_client.session


def test_guessing_from_many_clients_is_capped_per_address_and_the_owner_still_gets_in(owner):
    for n in range(ADDRESS_FAILURE_LIMIT):
        assert REFUSED not in _try(_from(f"203.0.113.{n + 1}"), owner.email, "guess")
    # Past the cap, a client that has failed for the address is refused outright ...
    assert REFUSED in _try(_from("203.0.113.1"), owner.email, PASSWORD)
    # ... and a client that has not (the owner elsewhere) still has its password checked.
    assert _try(_from("198.51.100.20"), owner.email, PASSWORD) == "logged in"
    assert REFUSED not in _try(_from("198.51.100.21"), owner.email, "one more guess")
    assert REFUSED in _try(_from("198.51.100.21"), owner.email, "and another")


def test_one_client_failing_for_many_addresses_meets_the_per_client_limit(db):
    client = _from("203.0.113.99")
    answers = [_try(client, f"nobody{n}@example.com", "guess") for n in range(11)]
    assert REFUSED not in answers[0]
    assert REFUSED in answers[-1]


def test_django_admins_login_is_the_sites_login_with_its_limits(client, owner):
    response = client.get("/admin/login/?next=/admin/accounts/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Faccounts%2F"
    elsewhere = client.get("/admin/login/?next=https://evil.example/")
    assert elsewhere["Location"] == f"{LOGIN}?next=%2Fadmin%2F"
    posted = client.post("/admin/login/", {"username": owner.email, "password": "guess"})
    assert posted.status_code == 302  # no password is checked there


def test_a_signed_in_partner_opening_admin_gets_the_403_page_not_a_loop(client, owner):
    client.force_login(owner)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Django admin is for the vendor" in response.content.decode()
