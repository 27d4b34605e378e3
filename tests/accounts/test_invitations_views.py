"""The invitation accept page: the form, the login that follows, and the clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, InvitationStatus, Membership, User
from accounts.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_token,
)

PASSWORD = "a-Long-unusual-passphrase-42"
FORM = {
    "first_name": "Nora",
    "last_name": "Field",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.fixture
def invitation(staff, company):
    return invitation_create(
        actor=staff, email="nora@partner.example.com", partner_account=company, send=False
    )


def _url(token: str) -> str:
    return reverse("accounts:invitation-accept", kwargs={"token": token})


def test_the_page_says_who_invites_to_which_company(client, invitation, staff):
    response = client.get(_url(invitation_token(invitation)))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{staff} invites" in body
    assert "Join Acme Partners" in body
    assert "nora@partner.example.com" in body
    assert 'name="password2"' in body


def test_accepting_logs_the_person_in_on_home_with_a_welcome(client, invitation):
    response = client.post(_url(invitation_token(invitation)), FORM)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    user = User.objects.get(email="nora@partner.example.com")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    assert Membership.objects.get(user=user).partner_account == invitation.partner_account
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Welcome to Acme Partners, Nora Field."
    ]
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == user


def test_differing_passwords_are_refused_and_nothing_is_created(client, invitation):
    response = client.post(_url(invitation_token(invitation)), {**FORM, "password2": "other"})
    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_weak_password_is_refused_by_the_validators(client, invitation):
    weak = {**FORM, "password1": "12345678", "password2": "12345678"}
    response = client.post(_url(invitation_token(invitation)), weak)
    assert response.status_code == 400
    assert "This password is entirely numeric." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def _spoil(spoil: str, invitation: Invitation, staff: User, client) -> str:
    token = invitation_token(invitation)
    if spoil == "tampered":
        return token.replace(":", ":x", 1)
    if spoil == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    elif spoil == "revoked":
        invitation_revoke(actor=staff, invitation=invitation)
    elif spoil == "reused":
        assert client.post(_url(token), FORM).status_code == 302
        client.logout()
    elif spoil == "superseded":
        invitation_resend(actor=staff, invitation=invitation)
    return token


@pytest.mark.parametrize(
    ("spoil", "status", "text"),
    [
        ("tampered", 400, "This invitation link is not valid"),
        ("expired", 410, "This invitation has expired."),
        ("revoked", 410, "This invitation was withdrawn."),
        ("reused", 410, "already been used to create an account"),
        ("superseded", 410, "A newer invitation was sent to you"),
    ],
)
def test_a_spoiled_link_shows_a_clear_page_and_creates_nothing(
    client, invitation, staff, spoil, status, text
):
    token = _spoil(spoil, invitation, staff, client)
    users_before = User.objects.count()

    for response in (client.get(_url(token)), client.post(_url(token), FORM)):
        assert response.status_code == status
        assert response.templates[0].name == "accounts/invitation_invalid.html"
        body = response.content.decode()
        assert text in body
        assert "your channel manager at the vendor can send one" in body
    assert User.objects.count() == users_before
    assert "_auth_user_id" not in client.session


def test_a_link_for_an_unknown_invitation_is_refused(client, invitation):
    token = invitation_token(invitation)
    invitation.delete()
    response = client.get(_url(token))
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()


def test_the_page_says_so_when_no_seat_is_free_at_accept(client, seats, staff, company, member):
    seats(1)
    invitation = invitation_create(
        actor=staff, email="x@partner.example.com", partner_account=company, can_export=True
    )
    member(company, is_partner_admin=True)
    users_before = User.objects.count()

    response = client.post(_url(invitation_token(invitation)), FORM)

    assert response.status_code == 409
    assert "needs 1 PRM seat, but 0 of 1 are free" in response.content.decode()
    assert User.objects.count() == users_before
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
