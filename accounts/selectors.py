"""Who may act: the one definition of a partner admin and of a vendor admin with a permission.

Every service that changes something checks its actor with these (``*_require``), and every
page, API permission and email recipient list asks them (``is_*``, ``partner_admin*``); nothing
else spells the rules out. ``actor=None`` is the system (a task, a migration, the demo): it is
always allowed, and what it does is audited without a person.

- A **partner admin** of a company holds an active membership with the partner admin flag, as
  an active user of an active company. That is also what holds the PRM seat the flag needs, so
  a partner admin always holds the *Establish an Approved PRM External Integration* capability.
- A **vendor admin with permission X** is an active staff user for whom Django's permission
  system grants X (superusers hold every permission): what Django admin would ask for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Membership, PartnerAccount, User
from core.errors import NotPermitted

PARTNER_ADMIN_Q = Q(
    is_partner_admin=True, is_active=True, user__is_active=True, partner_account__is_active=True
)


def partner_admin_memberships() -> QuerySet[Membership]:
    """The memberships of every partner admin, of every company."""
    return Membership.objects.filter(PARTNER_ADMIN_Q)


def partner_admin_membership(
    user: Any, partner_account: PartnerAccount | None = None
) -> Membership | None:
    """The user's membership when they are a partner admin (of ``partner_account``, if given)."""
    if user is None or not getattr(user, "pk", None):
        return None
    memberships = partner_admin_memberships().select_related("partner_account", "user")
    if partner_account is not None:
        memberships = memberships.filter(partner_account=partner_account)
    return memberships.filter(user_id=user.pk).first()


def partner_admins(partner_account: PartnerAccount) -> list[User]:
    """The company's partner admins, by email."""
    memberships = partner_admin_memberships().filter(partner_account=partner_account)
    return [m.user for m in memberships.select_related("user").order_by("user__email")]


def partner_admin_require(
    actor: User | None,
    partner_account: PartnerAccount,
    *,
    message: str,
    error: type[NotPermitted] = NotPermitted,
) -> None:
    """Refuse with ``error(message)`` unless the actor is the system or the company's admin."""
    if actor is not None and partner_admin_membership(actor, partner_account) is None:
        raise error(message)


def is_vendor_admin(user: Any, perm: str) -> bool:
    """Whether ``user`` is active vendor staff holding the model permission ``perm``."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(perm)
    )


def vendor_admin_require(
    actor: User | None, perm: str, *, what: str, error: type[NotPermitted] = NotPermitted
) -> None:
    """Refuse unless the actor is the system or a vendor admin holding ``perm``."""
    if actor is not None and not is_vendor_admin(actor, perm):
        raise error(f"Only vendor admins may {what}.")
