"""A partner admin's invitation request says nothing about addresses outside their company."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.errors import InvitationConflict
from accounts.models import Invitation, InvitationStatus, PartnerRole
from accounts.services.invitations import invitation_approve, invitation_create
from tests.factories import PartnerAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(plenty_of_seats, company, member):
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True)


def _request(client, email: str):
    return client.post(reverse("portal:team-invite"), {"email": email, "role": PartnerRole.USER})


def _answer(response) -> tuple[int, str]:
    """The status and the page's message, with the address taken out."""
    text = response.content.decode() if response.status_code != 302 else ""
    return response.status_code, text


def test_the_team_page_answers_alike_for_a_taken_an_invited_and_a_free_address(
    client, admin, member
):
    elsewhere = PartnerAccountFactory.create(name="Bluepeak Consulting")
    member(elsewhere, PartnerRole.USER, user=UserFactory.create(email="aiko@bluepeak.example.com"))
    invitation_create(actor=None, email="kai@bluepeak.example.com", partner_account=elsewhere)
    client.force_login(admin.user)
    answers = []
    for email in ("aiko@bluepeak.example.com", "kai@bluepeak.example.com", "new@acme.example"):
        response = _request(client, email)
        assert response.status_code == 302
        followed = client.get(response["Location"]).content.decode()
        assert f"Invitation for {email} requested." in followed
        assert "Bluepeak" not in followed and "already" not in followed
        answers.append(response.status_code)
    assert answers == [302, 302, 302]
    requested = Invitation.objects.filter(status=InvitationStatus.REQUESTED)
    assert requested.count() == 3


def test_the_api_answers_alike_too(admin, member):
    elsewhere = PartnerAccountFactory.create(name="Bluepeak Consulting")
    member(elsewhere, PartnerRole.USER, user=UserFactory.create(email="aiko@bluepeak.example.com"))
    client = APIClient()
    client.force_authenticate(admin.user)
    taken = client.post(
        "/api/v1/invitations/", {"email": "aiko@bluepeak.example.com"}, format="json"
    )
    free = client.post("/api/v1/invitations/", {"email": "free@acme.example"}, format="json")
    assert (taken.status_code, free.status_code) == (201, 201)
    assert set(taken.json()) == set(free.json())
    assert "Bluepeak" not in taken.content.decode()


def test_the_vendor_is_told_what_exists_when_approving(staff, admin, member, client):
    elsewhere = PartnerAccountFactory.create(name="Bluepeak Consulting")
    member(elsewhere, PartnerRole.USER, user=UserFactory.create(email="aiko@bluepeak.example.com"))
    invitation_create(actor=None, email="kai@bluepeak.example.com", partner_account=elsewhere)
    client.force_login(admin.user)
    _request(client, "aiko@bluepeak.example.com")
    _request(client, "kai@bluepeak.example.com")
    taken, invited = Invitation.objects.filter(status=InvitationStatus.REQUESTED).order_by("pk")
    with pytest.raises(
        InvitationConflict, match=r"aiko@bluepeak\.example\.com already has an account"
    ):
        invitation_approve(actor=staff, invitation=taken)
    with pytest.raises(InvitationConflict, match="already has an open invitation to Bluepeak"):
        invitation_approve(actor=staff, invitation=invited)
    assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 1


def test_what_the_admins_own_team_shows_is_still_refused_by_name(client, admin, member, company):
    colleague = member(company, PartnerRole.USER)
    client.force_login(admin.user)
    first = _request(client, "twice@acme.example")
    assert first.status_code == 302
    again = _request(client, "twice@acme.example")
    assert again.status_code == 400
    assert (
        "twice@acme.example already has an open invitation to Acme Partners." in _answer(again)[1]
    )
    member_again = _request(client, colleague.user.email)
    assert (
        f"{colleague.user.email} is already a member of Acme Partners." in _answer(member_again)[1]
    )
