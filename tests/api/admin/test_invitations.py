"""The invitations endpoint: admin's invitation list and actions, and partner admin requests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    PartnerRole,
    User,
)
from accounts.services.invitations import invitation_create, invitation_link
from tests.factories import PartnerAccountFactory

INVITATIONS = "/api/v1/invitations/"
ALL_PERMS = (
    "accounts.view_invitation",
    "accounts.add_invitation",
    "accounts.change_invitation",
)


@pytest.fixture
def sent(company: PartnerAccount, plenty_of_seats: None) -> Invitation:
    return invitation_create(actor=None, email="ann@acme.example.com", partner_account=company)


@pytest.fixture
def admin_client(
    vendor_admin: Callable[..., User], api_client_for: Callable[[User], APIClient]
) -> APIClient:
    return api_client_for(vendor_admin(*ALL_PERMS))


def _state(invitation: Invitation) -> tuple[Any, ...]:
    invitation.refresh_from_db()
    return (invitation.status, invitation.nonce, invitation.expires_at)


def test_list_never_shows_the_link_or_its_secret(sent: Invitation, admin_client: APIClient) -> None:
    response = admin_client.get(INVITATIONS)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["email"] == "ann@acme.example.com"
    assert row["status"] == "pending"
    assert row["role"] == "user"
    text = response.content.decode()
    assert sent.nonce not in text
    assert invitation_link(sent).rsplit("/", 2)[-2] not in text
    assert "nonce" not in row and "link" not in row and "token" not in row


def test_status_filter_tells_expired_from_pending(
    sent: Invitation, company: PartnerAccount, admin_client: APIClient
) -> None:
    old = invitation_create(actor=None, email="old@acme.example.com", partner_account=company)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))

    pending = admin_client.get(INVITATIONS, {"status": "pending"}).json()["results"]
    expired = admin_client.get(INVITATIONS, {"status": "expired"}).json()["results"]

    assert [row["id"] for row in pending] == [sent.pk]
    assert [row["id"] for row in expired] == [old.pk]
    assert expired[0]["display_status"] == "Expired"
    assert admin_client.get(INVITATIONS, {"status": "lost"}).status_code == 400


def test_vendor_admin_invites_and_the_email_goes_out(
    company: PartnerAccount,
    plenty_of_seats: None,
    admin_client: APIClient,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            INVITATIONS,
            {"email": "Bob@Acme.example.com", "partner_account": company.pk, "role": "manager"},
            format="json",
        )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("bob@acme.example.com", PartnerRole.MANAGER)
    assert [m.to for m in mail.outbox] == [["bob@acme.example.com"]]
    assert invitation.nonce not in response.content.decode()


def test_vendor_admin_must_name_an_existing_company(admin_client: APIClient) -> None:
    missing = admin_client.post(INVITATIONS, {"email": "x@example.com"}, format="json")
    unknown = admin_client.post(
        INVITATIONS, {"email": "x@example.com", "partner_account": 999999}, format="json"
    )

    assert missing.status_code == unknown.status_code == 400
    assert "partner_account" in missing.json()["error"]["fields"]
    assert "partner_account" in unknown.json()["error"]["fields"]
    assert not Invitation.objects.exists()


def test_second_open_invitation_for_an_email_is_409(
    sent: Invitation, company: PartnerAccount, admin_client: APIClient
) -> None:
    response = admin_client.post(
        INVITATIONS, {"email": sent.email, "partner_account": company.pk}, format="json"
    )

    assert response.status_code == 409
    assert "already has an open invitation" in response.json()["error"]["message"]
    assert Invitation.objects.count() == 1


def test_invitation_that_needs_a_seat_when_none_is_free_is_409(
    company: PartnerAccount,
    member: Callable[..., Membership],
    seats: Callable[[int], None],
    admin_client: APIClient,
) -> None:
    seats(1)
    member(company, is_partner_admin=True)

    response = admin_client.post(
        INVITATIONS,
        {"email": "c@acme.example.com", "partner_account": company.pk, "can_export": True},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "seat_limit_reached"
    assert not Invitation.objects.exists()


def test_revoke_and_resend_go_through_the_service(
    sent: Invitation, admin_client: APIClient
) -> None:
    old_nonce = sent.nonce

    resent = admin_client.post(f"{INVITATIONS}{sent.pk}/resend/")
    sent.refresh_from_db()
    assert resent.status_code == 200
    assert sent.nonce != old_nonce

    revoked = admin_client.post(f"{INVITATIONS}{sent.pk}/revoke/")
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"

    again = admin_client.post(f"{INVITATIONS}{sent.pk}/resend/")
    assert again.status_code == 409
    assert _state(sent)[0] == InvitationStatus.REVOKED


def test_partner_admin_requests_an_invitation_for_their_company(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    api_client_for: Callable[[User], APIClient],
) -> None:
    admin = member(company, is_partner_admin=True)

    response = api_client_for(admin.user).post(
        INVITATIONS, {"email": "dan@acme.example.com", "is_super_user": True}, format="json"
    )

    assert response.status_code == 201
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.REQUESTED
    assert invitation.partner_account == company
    assert invitation.is_super_user is True
    assert mail.outbox == []


def test_partner_admin_may_not_invite_to_another_company(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    api_client_for: Callable[[User], APIClient],
) -> None:
    admin = member(company, is_partner_admin=True)
    other = PartnerAccountFactory.create(name="Globex")

    response = api_client_for(admin.user).post(
        INVITATIONS, {"email": "eve@acme.example.com", "partner_account": other.pk}, format="json"
    )
    unknown = api_client_for(admin.user).post(
        INVITATIONS, {"email": "eve@acme.example.com", "partner_account": 999999}, format="json"
    )

    assert response.status_code == unknown.status_code == 400
    assert response.json() == unknown.json()
    assert not Invitation.objects.exists()


def test_partner_admin_may_not_list_or_act_on_invitations(
    sent: Invitation,
    member: Callable[..., Membership],
    api_client_for: Callable[[User], APIClient],
) -> None:
    admin = member(sent.partner_account, is_partner_admin=True)
    client = api_client_for(admin.user)
    before = _state(sent)

    assert client.get(INVITATIONS).status_code == 403
    assert client.get(f"{INVITATIONS}{sent.pk}/").status_code == 403
    assert client.post(f"{INVITATIONS}{sent.pk}/revoke/").status_code == 403
    assert _state(sent) == before


def test_partner_user_gets_403_and_nothing_is_created(
    sent: Invitation,
    member: Callable[..., Membership],
    api_client_for: Callable[[User], APIClient],
) -> None:
    client = api_client_for(member(sent.partner_account, PartnerRole.EXECUTIVE).user)
    before = _state(sent)

    created = client.post(INVITATIONS, {"email": "f@acme.example.com"}, format="json")

    assert created.status_code == 403
    assert client.get(INVITATIONS).status_code == 403
    assert client.post(f"{INVITATIONS}{sent.pk}/revoke/").status_code == 403
    assert Invitation.objects.count() == 1
    assert _state(sent) == before


def test_staff_without_the_invitation_permissions_get_403(
    sent: Invitation,
    vendor_admin: Callable[..., User],
    api_client_for: Callable[[User], APIClient],
) -> None:
    reader = api_client_for(vendor_admin("accounts.view_invitation"))
    before = _state(sent)

    assert reader.get(INVITATIONS).status_code == 200
    revoke = reader.post(f"{INVITATIONS}{sent.pk}/revoke/")
    create = reader.post(
        INVITATIONS, {"email": "g@example.com", "partner_account": sent.partner_account_id}
    )

    assert revoke.status_code == create.status_code == 403
    assert "accounts.add_invitation" in create.json()["error"]["message"]
    assert Invitation.objects.count() == 1
    assert _state(sent) == before


def test_anonymous_and_wrong_token_get_401(
    sent: Invitation, anonymous_api_client: APIClient
) -> None:
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token pp_wrong")
    before = _state(sent)

    for client in (anonymous_api_client, wrong):
        assert client.get(INVITATIONS).status_code == 401
        assert client.post(f"{INVITATIONS}{sent.pk}/revoke/").status_code == 401
    assert _state(sent) == before


def test_vendor_admin_approves_a_partner_admins_request_which_sends_it(
    company: PartnerAccount,
    member: Callable[..., Membership],
    plenty_of_seats: None,
    admin_client: APIClient,
    api_client_for: Callable[[User], APIClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    admin = member(company, is_partner_admin=True)
    requested = api_client_for(admin.user).post(
        INVITATIONS, {"email": "hal@acme.example.com"}, format="json"
    )
    pk = requested.json()["id"]

    with django_capture_on_commit_callbacks(execute=True):
        approved = admin_client.post(f"{INVITATIONS}{pk}/approve/")
    twice = admin_client.post(f"{INVITATIONS}{pk}/approve/")

    assert approved.status_code == 200
    assert approved.json()["status"] == "pending"
    assert [m.to for m in mail.outbox] == [["hal@acme.example.com"]]
    assert twice.status_code == 409
    assert admin_client.post(f"{INVITATIONS}999999/approve/").status_code == 404
