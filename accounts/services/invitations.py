"""Invitations: create, request, approve, resend, revoke, check and accept signed links."""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.errors import InvitationConflict, InvitationInvalid
from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    PartnerRole,
    User,
)
from accounts.selectors import partner_admin_require, vendor_admin_require
from accounts.services.memberships import membership_create, role_check
from accounts.services.seats import seats_require_for_invitation

SALT = "accounts.invitation"
OPEN_STATUSES = (InvitationStatus.REQUESTED, InvitationStatus.PENDING)
ASK_VENDOR = "Ask your partner admin or your channel manager for a new invitation."


class InvitationTampered(InvitationInvalid):
    """The link does not carry a valid signature or names no invitation."""


def _normalize(email: str) -> str:
    return email.strip().lower()


def _check_unclaimed(email: str, *, exclude_pk: int | None = None) -> None:
    """Raise unless ``email`` has no account and no other open invitation (the vendor's check)."""
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationConflict(f"{email} already has an account.")
    others = Invitation.objects.filter(email__iexact=email, status__in=OPEN_STATUSES)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # A sent invitation ("pending") before a request.
    existing = others.order_by("status", "pk").first()
    if existing is not None:
        hint = " It has expired; resend it instead." if existing.is_expired else ""
        raise InvitationConflict(
            f"{email} already has an open invitation to {existing.partner_account}.{hint}"
        )


def _check_own_company(email: str, partner_account: PartnerAccount) -> None:
    """A partner admin's request: refuse only what their own company's team shows them.

    Whether the address has an account elsewhere, or an invitation to another company, is not
    said: the request is opened all the same, and the vendor admin who approves it is told.
    """
    if Membership.objects.filter(
        user__email__iexact=email, partner_account=partner_account
    ).exists():
        raise InvitationConflict(f"{email} is already a member of {partner_account}.")
    if Invitation.objects.filter(
        email__iexact=email, partner_account=partner_account, status__in=OPEN_STATUSES
    ).exists():
        raise InvitationConflict(f"{email} already has an open invitation to {partner_account}.")


def _check_invitable(
    *, email: str, partner_account: PartnerAccount, role: int, needs_seat: bool, requested: bool
) -> None:
    """Raise unless an invitation to ``email`` for this company and role may be opened."""
    if requested:
        _check_own_company(email, partner_account)
    else:
        _check_unclaimed(email)
    if not partner_account.is_active:
        raise InvitationConflict(f"{partner_account} is inactive; activate it before inviting.")
    role_check(partner_account, role)
    if needs_seat:
        seats_require_for_invitation(what=f"Inviting {email} as partner admin or exporter")


def _open(
    *, actor: User | None, status: str, email: str, partner_account: PartnerAccount, **flags: int
) -> Invitation:
    """Lock the company, check every rule, and save a new invitation."""
    account = PartnerAccount.objects.select_for_update().get(pk=partner_account.pk)
    invitation = Invitation(
        email=_normalize(email),
        partner_account=account,
        status=status,
        nonce=secrets.token_hex(16),
        invited_by=actor,
        **flags,
    )
    _check_invitable(
        email=invitation.email,
        partner_account=account,
        role=invitation.role,
        needs_seat=invitation.needs_seat,
        requested=status == InvitationStatus.REQUESTED,
    )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Another request opened an invitation for the same email a moment ago.
        raise InvitationConflict(f"{invitation.email} already has an open invitation.") from None
    return invitation


def _send_now(invitation: Invitation) -> None:
    """Give the invitation a fresh expiry and mail it once the transaction commits."""
    invitation.status = InvitationStatus.PENDING
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    invitation.save(update_fields=["status", "sent_at", "expires_at", "nonce"])
    pk = invitation.pk
    transaction.on_commit(lambda: invitation_email_send(invitation_id=pk))


@transaction.atomic
def invitation_create(
    *,
    actor: User | None,
    email: str,
    partner_account: PartnerAccount,
    role: int = PartnerRole.USER,
    is_super_user: bool = False,
    is_partner_admin: bool = False,
    can_export: bool = False,
    send: bool = True,
) -> Invitation:
    """Invite a person to a partner company and email them the link."""
    vendor_admin_require(actor, "accounts.add_invitation", what="invite people")
    invitation = _open(
        actor=actor,
        status=InvitationStatus.PENDING,
        email=email,
        partner_account=partner_account,
        role=role,
        is_super_user=is_super_user,
        is_partner_admin=is_partner_admin,
        can_export=can_export,
    )
    if send:
        _send_now(invitation)
    return invitation


@transaction.atomic
def invitation_request(
    *,
    actor: User,
    partner_account: PartnerAccount,
    email: str,
    role: int = PartnerRole.USER,
    is_super_user: bool = False,
    is_partner_admin: bool = False,
    can_export: bool = False,
) -> Invitation:
    """A partner admin asks the vendor to invite a colleague; nothing is sent yet."""
    partner_admin_require(
        actor,
        partner_account,
        message=f"Only a partner admin of {partner_account} may request invitations.",
    )
    return _open(
        actor=actor,
        status=InvitationStatus.REQUESTED,
        email=email,
        partner_account=partner_account,
        role=role,
        is_super_user=is_super_user,
        is_partner_admin=is_partner_admin,
        can_export=can_export,
    )


def _lock(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("partner_account")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_approve(*, actor: User | None, invitation: Invitation) -> Invitation:
    """Vendor staff approve a requested invitation, which sends it."""
    vendor_admin_require(actor, "accounts.change_invitation", what="approve invitations")
    locked = _lock(invitation)
    if locked.status != InvitationStatus.REQUESTED:
        raise InvitationConflict(
            f"The invitation for {locked.email} is {locked.display_status.lower()}, "
            "not waiting for approval."
        )
    if not locked.partner_account.is_active:
        raise InvitationConflict(f"{locked.partner_account} is inactive; activate it first.")
    # Requests are opened whatever exists elsewhere; the vendor learns it here.
    _check_unclaimed(locked.email, exclude_pk=locked.pk)
    try:
        with transaction.atomic():
            _send_now(locked)
    except IntegrityError:
        raise InvitationConflict(f"{locked.email} already has an open invitation.") from None
    return locked


@transaction.atomic
def invitation_resend(*, actor: User | None, invitation: Invitation) -> Invitation:
    """Send a sent invitation again with a new link and expiry; the old link stops working."""
    vendor_admin_require(actor, "accounts.change_invitation", what="resend invitations")
    locked = _lock(invitation)
    if locked.status != InvitationStatus.PENDING:
        raise InvitationConflict(
            f"The invitation for {locked.email} is {locked.display_status.lower()}; "
            "only sent invitations can be resent."
        )
    if locked.is_expired and locked.needs_seat:
        # An expired invitation stopped reserving its seat; resending reserves one again.
        seats_require_for_invitation(
            what=f"Resending the invitation for {locked.email}", exclude_invitation_id=locked.pk
        )
    locked.nonce = secrets.token_hex(16)
    _send_now(locked)
    return locked


@transaction.atomic
def invitation_revoke(*, actor: User | None, invitation: Invitation) -> Invitation:
    """Withdraw an invitation so its link stops working and its seat reservation ends."""
    vendor_admin_require(actor, "accounts.change_invitation", what="withdraw invitations")
    locked = _lock(invitation)
    if locked.status == InvitationStatus.ACCEPTED:
        raise InvitationConflict(f"The invitation for {locked.email} was already accepted.")
    locked.status = InvitationStatus.REVOKED
    locked.save(update_fields=["status"])
    return locked


def invitation_token(invitation: Invitation) -> str:
    """The signed token naming this invitation and its current nonce."""
    # Expiry lives on the row, so the signature needs no timestamp and the link is stable.
    data = {"i": invitation.pk, "n": invitation.nonce}
    return signing.Signer(salt=SALT).sign_object(data, compress=True)


def invitation_link(invitation: Invitation) -> str:
    """The absolute URL a person follows to accept the invitation."""
    path = reverse("accounts:invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def _load(token: str, *, lock: bool) -> tuple[Invitation, str]:
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        pk, nonce = int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationTampered(
            "This invitation link is not valid: it is incomplete or was changed. "
            f"Copy the whole link from the email. {ASK_VENDOR}"
        ) from None
    queryset = Invitation.objects.select_related("partner_account", "invited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(pk=pk).first()
    if invitation is None:
        raise InvitationTampered(f"This invitation no longer exists. {ASK_VENDOR}")
    return invitation, nonce


def _check(invitation: Invitation, nonce: str) -> Invitation:
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvitationInvalid(
            "This invitation has already been used to create an account. "
            "Log in with your email address, or reset your password if you forgot it."
        )
    if invitation.status == InvitationStatus.REVOKED:
        raise InvitationInvalid(f"This invitation was withdrawn. {ASK_VENDOR}")
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationInvalid(f"This invitation has not been approved yet. {ASK_VENDOR}")
    if not secrets.compare_digest(nonce, invitation.nonce):
        raise InvitationInvalid(
            "A newer invitation was sent to you after this one; use the link in the latest email."
        )
    if invitation.is_expired:
        raise InvitationInvalid(f"This invitation has expired. {ASK_VENDOR}")
    return invitation


def invitation_check(token: str) -> Invitation:
    """Return the invitation a link names, or raise InvitationInvalid saying what is wrong."""
    return _check(*_load(token, lock=False))


@transaction.atomic
def invitation_accept(*, token: str, password: str, first_name: str, last_name: str) -> User:
    """Create the invited person's user, verified email and membership; use up the invitation.

    Raises ValidationError for a password the validators refuse and SeatLimitReached when no
    seat is free; in both cases nothing is created.
    """
    invitation = _check(*_load(token, lock=True))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationConflict(f"{invitation.email} already has an account; log in instead.")
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # The system acts: the invitation (sent or approved by the vendor) is the authority.
    membership_create(
        actor=None,
        user=user,
        partner_account=invitation.partner_account,
        role=invitation.role,
        is_super_user=invitation.is_super_user,
        is_partner_admin=invitation.is_partner_admin,
        can_export=invitation.can_export,
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_user"])
    return user


def invitation_email_send(*, invitation_id: int) -> None:
    """Email the invitation link, from templates with a text and an HTML part."""
    invitation = Invitation.objects.select_related("partner_account", "invited_by").get(
        pk=invitation_id
    )
    context = {
        "invitation": invitation,
        "link": invitation_link(invitation),
        "inviter": invitation.invited_by,
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string("emails/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    message.send()
