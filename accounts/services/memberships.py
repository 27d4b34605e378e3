"""Memberships, users and partner companies: every change that can take or free a seat."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.errors import HierarchyInvalid, RoleNotUsed
from accounts.models import MAX_HIERARCHY_DEPTH, Membership, PartnerAccount, PartnerRole, User
from accounts.selectors import partner_admin_require, vendor_admin_require
from accounts.services.seats import membership_holds_seat, seats_require
from accounts.signals import people_changed
from core.errors import Invalid, NotPermitted

MEMBERSHIP_FIELDS = ("role", "is_super_user", "is_partner_admin", "can_export", "is_active")
PARTNER_ACCOUNT_FIELDS = (
    "name",
    "website_domain",
    "tier",
    "region",
    "program",
    "role_count",
    "channel_manager",
    "parent",
)


def _refresh_access(*, partner_account_ids: set[int], user_ids: set[int]) -> None:
    people_changed.send(
        sender=Membership, partner_account_ids=partner_account_ids, user_ids=user_ids
    )


def role_check(partner_account: PartnerAccount, role: int) -> None:
    """Refuse a role the company does not use (RoleNotUsed names the ones it does)."""
    if role > partner_account.role_count:
        used = ", ".join(PartnerRole(r).label for r in range(1, partner_account.role_count + 1))
        raise RoleNotUsed(
            f"{partner_account} uses only these partner roles: {used}. "
            f"{PartnerRole(role).label} is not one of them."
        )


def _depth_above(parent: PartnerAccount | None) -> int:
    depth = 0
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _height_below(account: PartnerAccount) -> int:
    """Levels in the subtree rooted at ``account``, counting it."""
    height, level = 1, [account.pk]
    while True:
        level = list(PartnerAccount.objects.filter(parent__in=level).values_list("pk", flat=True))
        if not level:
            return height
        height += 1


def hierarchy_check(*, account: PartnerAccount, parent: PartnerAccount | None) -> None:
    """Raise HierarchyInvalid when ``parent`` would make a cycle or more than five levels."""
    if parent is None:
        return
    node: PartnerAccount | None = parent
    while node is not None:
        if account.pk is not None and node.pk == account.pk:
            raise HierarchyInvalid(
                f"{parent} is {account} itself or one of its children; "
                "a partner account cannot be its own ancestor."
            )
        node = node.parent
    height = _height_below(account) if account.pk else 1
    if _depth_above(parent) + height > MAX_HIERARCHY_DEPTH:
        raise HierarchyInvalid(
            f"Placing {account} under {parent} would make the hierarchy "
            f"{_depth_above(parent) + height} levels deep; at most {MAX_HIERARCHY_DEPTH} "
            "are allowed."
        )


GROUP_PREFIX = "Partner account: "
GROUP_NAME_MAX = 150  # auth.Group.name


def _group_name(*, name: str, group_id: int | None = None) -> str:
    """The sharing group's name; refuse a company name whose truncated group name is taken."""
    group_name = f"{GROUP_PREFIX}{name}"[:GROUP_NAME_MAX]
    taken = Group.objects.filter(name=group_name)
    if group_id is not None:
        taken = taken.exclude(pk=group_id)
    if taken.exists():
        raise Invalid(
            f"Another partner account's name begins with the same "
            f"{len(group_name) - len(GROUP_PREFIX)} characters; choose a name that differs "
            "sooner."
        )
    return group_name


@transaction.atomic
def partner_account_create(*, actor: User | None, name: str, **fields: Any) -> PartnerAccount:
    """Create a partner company with its sharing group."""
    vendor_admin_require(actor, "accounts.add_partneraccount", what="add partner accounts")
    account = PartnerAccount(name=name, **fields)
    hierarchy_check(account=account, parent=account.parent)
    account.group = Group.objects.create(name=_group_name(name=name))
    account.save()
    return account


@transaction.atomic
def partner_account_update(
    *, actor: User | None, account: PartnerAccount, **changes: Any
) -> PartnerAccount:
    """Change a partner company's details or parent; refresh access when the hierarchy moves."""
    vendor_admin_require(actor, "accounts.change_partneraccount", what="change partner accounts")
    unknown = set(changes) - set(PARTNER_ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    locked = PartnerAccount.objects.select_for_update().get(pk=account.pk)
    old_parent_id, old_roles = locked.parent_id, locked.role_count
    for field, value in changes.items():
        setattr(locked, field, value)
    if locked.parent_id != old_parent_id:
        hierarchy_check(account=locked, parent=locked.parent)
    if locked.role_count < old_roles:
        above = locked.memberships.filter(role__gt=locked.role_count).count()
        if above:
            raise RoleNotUsed(
                f"{above} member{'s hold' if above != 1 else ' holds'} a role above "
                f"{PartnerRole(locked.role_count).label}; change their roles first."
            )
    group_name = _group_name(name=locked.name, group_id=locked.group_id)
    locked.save()
    if locked.name != account.name:
        Group.objects.filter(pk=locked.group_id).update(name=group_name)
    if locked.parent_id != old_parent_id or locked.role_count != old_roles:
        _refresh_access(partner_account_ids={locked.pk}, user_ids=set())
    return locked


@transaction.atomic
def partner_account_set_active(
    *, actor: User | None, account: PartnerAccount, is_active: bool
) -> PartnerAccount:
    """Activate or deactivate a partner company; deactivation frees its members' seats."""
    vendor_admin_require(
        actor, "accounts.change_partneraccount", what="activate or deactivate partner accounts"
    )
    locked = PartnerAccount.objects.select_for_update().get(pk=account.pk)
    if locked.is_active == is_active:
        return locked
    if is_active:
        needed = locked.memberships.filter(is_active=True, user__is_active=True)
        needed_count = sum(1 for m in needed if m.needs_seat)
        seats_require(extra=needed_count, what=f"Reactivating {locked}")
    locked.is_active = is_active
    locked.save(update_fields=["is_active"])
    _refresh_access(partner_account_ids={locked.pk}, user_ids=set())
    return locked


@transaction.atomic
def membership_create(
    *,
    actor: User | None,
    user: User,
    partner_account: PartnerAccount,
    role: int = PartnerRole.USER,
    is_super_user: bool = False,
    is_partner_admin: bool = False,
    can_export: bool = False,
) -> Membership:
    """Place a user in a partner company; a seat is taken when a seat capability is granted."""
    vendor_admin_require(actor, "accounts.add_membership", what="add people to partner accounts")
    role_check(partner_account, role)
    membership = Membership(
        user=user,
        partner_account=partner_account,
        role=role,
        is_super_user=is_super_user,
        is_partner_admin=is_partner_admin,
        can_export=can_export,
    )
    if membership_holds_seat(membership):
        seats_require(extra=1, what=f"Granting {user} a seat capability")
    membership.save()
    _refresh_access(partner_account_ids={partner_account.pk}, user_ids={user.pk})
    return membership


@transaction.atomic
def membership_update(*, actor: User | None, membership: Membership, **changes: Any) -> Membership:
    """Change a member's role or flags; refuse, changing nothing, when no seat is free."""
    vendor_admin_require(actor, "accounts.change_membership", what="change memberships")
    return _membership_change(membership, changes)


def _membership_change(membership: Membership, changes: dict[str, Any]) -> Membership:
    unknown = set(changes) - set(MEMBERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "partner_account")
        .get(pk=membership.pk)
    )
    held_before = membership_holds_seat(locked)
    before = {field: getattr(locked, field) for field in MEMBERSHIP_FIELDS}
    for field, value in changes.items():
        setattr(locked, field, value)
    role_check(locked.partner_account, locked.role)
    if membership_holds_seat(locked) and not held_before:
        seats_require(extra=1, what=f"Granting {locked.user} a seat capability")
    locked.save()
    if any(before[f] != getattr(locked, f) for f in ("role", "is_super_user", "is_active")):
        _refresh_access(partner_account_ids={locked.partner_account_id}, user_ids={locked.user_id})
    return locked


# What a partner admin may change about a colleague; the rest is the vendor's to change.
PARTNER_ADMIN_FIELDS = frozenset({"role"})
PARTNER_ROLE_ONLY = (
    "Partner admins change roles only; ask your channel manager to change super user, "
    "partner admin, export permission or active."
)


@transaction.atomic
def membership_update_by_partner_admin(
    *, actor: User, membership: Membership, **changes: Any
) -> Membership:
    """A partner admin's change to a member of their own company: the role, nothing else."""
    partner_admin_require(
        actor,
        membership.partner_account,
        message="Only a partner admin of this company may change its members.",
    )
    if set(changes) - PARTNER_ADMIN_FIELDS:
        raise NotPermitted(PARTNER_ROLE_ONLY)
    return _membership_change(membership, changes)


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, is_active: bool) -> User:
    """Activate or deactivate a user; deactivation frees their seat and their access."""
    vendor_admin_require(actor, "accounts.change_user", what="activate or deactivate users")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active == is_active:
        return locked
    membership = Membership.objects.select_related("partner_account").filter(user=locked).first()
    if is_active and membership is not None:
        membership.user = locked
        locked.is_active = True
        if membership_holds_seat(membership):
            seats_require(extra=1, what=f"Reactivating {locked}")
    locked.is_active = is_active
    locked.save(update_fields=["is_active"])
    if membership is not None:
        _refresh_access(partner_account_ids={membership.partner_account_id}, user_ids={locked.pk})
    return locked
