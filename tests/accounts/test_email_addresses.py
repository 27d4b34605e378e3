"""Partner users do not add login addresses: the site never mails a link to a typed address."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_adding_an_address_is_refused_and_nothing_is_mailed(client, mailoutbox):
    user = UserFactory.create(email="pat@partner.example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "pat@partner.example.com" in page.content.decode()
    assert 'name="action_add"' not in page.content.decode()
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "victim@elsewhere.example"}
    )
    assert response.status_code in (200, 400)
    assert mailoutbox == []
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [user.email]
