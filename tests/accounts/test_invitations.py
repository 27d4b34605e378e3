"""The invitation service: create, request, approve, resend, revoke, check and accept."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.errors import InvitationConflict, InvitationInvalid, RoleNotUsed, SeatLimitReached
from accounts.models import Invitation, InvitationStatus, Membership, PartnerRole, User
from accounts.services.invitations import (
    InvitationTampered,
    invitation_accept,
    invitation_approve,
    invitation_check,
    invitation_create,
    invitation_link,
    invitation_request,
    invitation_resend,
    invitation_revoke,
    invitation_token,
)
from accounts.services.memberships import partner_account_set_active
from accounts.services.seats import seat_summary
from core.errors import DomainError
from tests.factories import PartnerAccountFactory, UserFactory

PASSWORD = "a-Long-unusual-passphrase-42"


@pytest.fixture
def invite(staff, company, django_capture_on_commit_callbacks):
    """Create and send an invitation, running the on-commit email."""

    def make(email="new.person@partner.example.com", **kwargs):
        kwargs.setdefault("partner_account", company)
        with django_capture_on_commit_callbacks(execute=True):
            return invitation_create(actor=staff, email=email, **kwargs)

    return make


def _accept(invitation, **kwargs):
    return invitation_accept(
        token=invitation_token(invitation),
        password=kwargs.get("password", PASSWORD),
        first_name="Nora",
        last_name="Field",
    )


def test_creating_an_invitation_sends_an_email_with_the_link(invite, staff, company, mailoutbox):
    before = timezone.now()
    invitation = invite(email="New.Person@Partner.example.com", role=PartnerRole.MANAGER)

    assert invitation.email == "new.person@partner.example.com"
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == staff
    assert invitation.sent_at >= before
    assert invitation.expires_at == invitation.sent_at + dt.timedelta(days=7)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new.person@partner.example.com"]
    assert mail.subject == "[Partner Portal] You are invited to the partner portal of Acme Partners"
    link = invitation_link(invitation)
    assert link.startswith("http://localhost:8000/invitations/")
    assert link in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert link in html


def test_email_is_sent_only_when_the_transaction_commits(staff, company, mailoutbox):
    invitation_create(actor=staff, email="late@partner.example.com", partner_account=company)
    assert mailoutbox == []
    assert Invitation.objects.filter(email="late@partner.example.com").count() == 1


def test_refuses_an_email_that_already_has_an_account(staff, company, mailoutbox):
    UserFactory.create(email="taken@partner.example.com")
    with pytest.raises(InvitationConflict, match="already has an account"):
        invitation_create(actor=staff, email="TAKEN@partner.example.com", partner_account=company)
    assert Invitation.objects.count() == 0


def test_refuses_an_email_with_an_open_invitation(invite, company):
    first = invite(email="twice@partner.example.com")
    with pytest.raises(InvitationConflict, match="already has an open invitation to Acme"):
        invite(email="twice@partner.example.com", partner_account=PartnerAccountFactory.create())
    assert list(Invitation.objects.all()) == [first]


def test_refuses_a_role_the_company_does_not_use(staff):
    small = PartnerAccountFactory.create(name="Small", role_count=1)
    with pytest.raises(RoleNotUsed, match="Manager is not one of them"):
        invitation_create(
            actor=staff, email="x@p.example.com", partner_account=small, role=PartnerRole.MANAGER
        )
    assert Invitation.objects.count() == 0


def test_refuses_an_inactive_company(staff, company):
    partner_account_set_active(actor=staff, account=company, is_active=False)
    with pytest.raises(InvitationConflict, match="Acme Partners is inactive"):
        invitation_create(actor=staff, email="x@p.example.com", partner_account=company)
    assert Invitation.objects.count() == 0


def test_open_seat_carrying_invitations_reserve_seats(seats, invite, member, company):
    seats(2)
    member(company, can_export=True)
    invite(email="one@p.example.com", is_partner_admin=True)
    with pytest.raises(SeatLimitReached, match="none of 2 is free: 1 in use and 1 reserved"):
        invite(email="two@p.example.com", can_export=True)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["one@p.example.com"]
    browsing = invite(email="three@p.example.com")
    assert browsing.needs_seat is False


def test_an_expired_invitation_no_longer_reserves_a_seat(seats, invite):
    seats(1)
    old = invite(email="old@p.example.com", can_export=True)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    fresh = invite(email="fresh@p.example.com", can_export=True)
    assert fresh.status == InvitationStatus.PENDING


def test_partner_admin_requests_an_invitation_that_is_not_sent(
    plenty_of_seats, company, member, mailoutbox, django_capture_on_commit_callbacks
):
    admin = member(company, is_partner_admin=True).user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_request(
            actor=admin,
            partner_account=company,
            email="colleague@p.example.com",
            role=PartnerRole.USER,
            is_super_user=False,
            is_partner_admin=False,
            can_export=True,
        )
    assert invitation.status == InvitationStatus.REQUESTED
    assert invitation.sent_at is None
    assert invitation.invited_by == admin
    assert mailoutbox == []


def test_only_a_partner_admin_of_the_same_company_may_request(plenty_of_seats, company, member):
    plain = member(company).user
    other_admin = member(PartnerAccountFactory.create(), is_partner_admin=True).user
    for actor in (plain, other_admin):
        with pytest.raises(DomainError, match="Only a partner admin of Acme Partners"):
            invitation_request(
                actor=actor,
                partner_account=company,
                email="c@p.example.com",
                role=PartnerRole.USER,
                is_super_user=False,
                is_partner_admin=False,
                can_export=False,
            )
    assert Invitation.objects.count() == 0


def test_approving_a_request_sends_it(
    plenty_of_seats, staff, company, member, mailoutbox, django_capture_on_commit_callbacks
):
    admin = member(company, is_partner_admin=True).user
    requested = invitation_request(
        actor=admin,
        partner_account=company,
        email="c@p.example.com",
        role=PartnerRole.USER,
        is_super_user=False,
        is_partner_admin=False,
        can_export=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        approved = invitation_approve(actor=staff, invitation=requested)
    assert approved.status == InvitationStatus.PENDING
    assert approved.expires_at is not None
    assert [m.to for m in mailoutbox] == [["c@p.example.com"]]
    with pytest.raises(InvitationConflict, match="not waiting for approval"):
        invitation_approve(actor=staff, invitation=approved)


def test_resending_gives_a_new_link_and_the_old_one_stops_working(invite, staff, mailoutbox):
    invitation = invite()
    old_token = invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    invitation.refresh_from_db()
    renewed = invitation_resend(actor=staff, invitation=invitation)
    assert renewed.expires_at is not None
    assert renewed.expires_at > timezone.now() + dt.timedelta(days=6)
    assert invitation_token(renewed) != old_token
    with pytest.raises(InvitationInvalid, match="newer invitation was sent"):
        invitation_check(old_token)
    assert invitation_check(invitation_token(renewed)) == renewed


def test_resend_refuses_revoked_and_accepted_invitations(invite, staff):
    revoked = invitation_revoke(actor=staff, invitation=invite(email="r@p.example.com"))
    with pytest.raises(InvitationConflict, match="only sent invitations can be resent"):
        invitation_resend(actor=staff, invitation=revoked)
    accepted = invite(email="a@p.example.com")
    _accept(accepted)
    with pytest.raises(InvitationConflict, match="only sent invitations can be resent"):
        invitation_resend(actor=staff, invitation=accepted)


def test_revoke_refuses_an_accepted_invitation(invite, staff):
    invitation = invite()
    _accept(invitation)
    with pytest.raises(InvitationConflict, match="already accepted"):
        invitation_revoke(actor=staff, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_accepting_creates_the_user_verified_email_and_membership(invite, plenty_of_seats):
    invitation = invite(role=PartnerRole.MANAGER, is_super_user=True, can_export=True)
    user = _accept(invitation)

    assert user.email == "new.person@partner.example.com"
    assert user.get_full_name() == "Nora Field"
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    membership = Membership.objects.get(user=user)
    assert membership.partner_account == invitation.partner_account
    assert (membership.role, membership.is_super_user, membership.can_export) == (2, True, True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_user == user


@pytest.mark.parametrize(
    ("spoil", "kind", "message"),
    [
        ("tamper", InvitationTampered, "not valid: it is incomplete or was changed"),
        ("expire", InvitationInvalid, "has expired"),
        ("revoke", InvitationInvalid, "was withdrawn"),
        ("accept", InvitationInvalid, "already been used"),
        ("resend", InvitationInvalid, "newer invitation was sent"),
    ],
)
def test_a_spoiled_link_cannot_be_accepted_and_creates_nothing(invite, staff, spoil, kind, message):
    invitation = invite()
    token = invitation_token(invitation)
    if spoil == "tamper":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif spoil == "expire":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif spoil == "revoke":
        invitation_revoke(actor=staff, invitation=invitation)
    elif spoil == "accept":
        _accept(invitation)
    elif spoil == "resend":
        invitation_resend(actor=staff, invitation=invitation)
    users_before = User.objects.count()

    with pytest.raises(kind, match=message):
        invitation_accept(token=token, password=PASSWORD, first_name="A", last_name="B")
    assert User.objects.count() == users_before
    assert Membership.objects.filter(user__email=invitation.email).count() == (
        1 if spoil == "accept" else 0
    )


def test_accept_refuses_a_weak_password_and_creates_nothing(invite):
    invitation = invite()
    with pytest.raises(ValidationError, match="too common"):
        _accept(invitation, password="password")
    assert not User.objects.filter(email=invitation.email).exists()
    assert EmailAddress.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_accept_when_no_seat_is_free_creates_nothing(seats, invite, member, company):
    seats(1)
    invitation = invite(can_export=True)
    # The seat the invitation reserved is taken by a grant that does not see reservations.
    member(company, is_partner_admin=True)
    users_before = User.objects.count()

    with pytest.raises(SeatLimitReached, match="0 of 1 are free"):
        _accept(invitation)
    assert User.objects.count() == users_before
    assert EmailAddress.objects.count() == 0
    assert seat_summary().used == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
