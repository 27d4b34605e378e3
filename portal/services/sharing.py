"""Company-wide and personal shares: the only callers of guardian's assign_perm/remove_perm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from django.contrib.auth.models import Group
from django.db import models, transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Membership, PartnerAccount, User
from core.audit import audit_changes
from portal.errors import ShareInvalid
from portal.services.access import SPECS, access_rebuild

AccessLevel = Literal["read", "edit"]
ACCESS_LEVELS: dict[str, str] = {"read": "Read", "edit": "Read/Write"}


def _target(partner_account: PartnerAccount | None, user: User | None) -> object:
    if (partner_account is None) == (user is None):
        raise ShareInvalid("Share with either a partner account or a user, not both or neither.")
    if partner_account is not None:
        if not partner_account.is_active:
            raise ShareInvalid(f"{partner_account} is inactive; activate it before sharing.")
        return partner_account.group
    assert user is not None
    if user.is_staff or not Membership.objects.filter(user=user, is_active=True).exists():
        raise ShareInvalid(
            f"{user} is not an active partner user; records are shared with partner users only."
        )
    return user


def _perms(model: type[models.Model]) -> tuple[str, str]:
    label, name = model._meta.app_label, model._meta.model_name
    return f"{label}.view_{name}", f"{label}.change_{name}"


def _check_model(records: Sequence[models.Model]) -> type[models.Model]:
    models_ = {type(r) for r in records}
    if len(models_) != 1 or next(iter(models_)) not in SPECS:
        raise ShareInvalid("Share records of one kind at a time: leads, opportunities or accounts.")
    return next(iter(models_))


@transaction.atomic
def share_grant(
    *,
    actor: User | None,
    records: Sequence[models.Model],
    level: AccessLevel,
    partner_account: PartnerAccount | None = None,
    user: User | None = None,
) -> int:
    """Share records with a partner company or a partner user at Read or Read/Write.

    Granting Read to a record shared Read/Write lowers it to Read. Returns the record count.
    """
    if not records:
        return 0
    if level not in ACCESS_LEVELS:
        raise ShareInvalid(f"Unknown access level {level!r}; use read or edit.")
    model = _check_model(records)
    target = _target(partner_account, user)
    view, change = _perms(model)
    _audit(actor=actor, model=model, target=target, records=records, level=level)
    queryset = model._default_manager.filter(pk__in=[r.pk for r in records])
    remove_perm(view, target, queryset)
    remove_perm(change, target, queryset)
    # guardian bulk-assigns when given a queryset; its annotation names a single object.
    assign_perm(view, target, queryset)  # type: ignore[arg-type]
    if level == "edit":
        assign_perm(change, target, queryset)  # type: ignore[arg-type]
    access_rebuild(model=model, record_ids=[r.pk for r in records])
    return len(records)


@transaction.atomic
def share_revoke(
    *,
    actor: User | None,
    records: Sequence[models.Model],
    partner_account: PartnerAccount | None = None,
    user: User | None = None,
) -> int:
    """Remove the shares of records with a partner company or a user. Returns the record count."""
    if not records:
        return 0
    model = _check_model(records)
    if (partner_account is None) == (user is None):
        raise ShareInvalid("Unshare from either a partner account or a user, not both or neither.")
    target = partner_account.group if partner_account is not None else user
    view, change = _perms(model)
    _audit(actor=actor, model=model, target=target, records=records, level=None)
    queryset = model._default_manager.filter(pk__in=[r.pk for r in records])
    remove_perm(view, target, queryset)
    remove_perm(change, target, queryset)
    access_rebuild(model=model, record_ids=[r.pk for r in records])
    return len(records)


def _audit(
    *,
    actor: User | None,
    model: type[models.Model],
    target: object,
    records: Sequence[models.Model],
    level: AccessLevel | None,
) -> None:
    """Record one audit entry per record whose share with the target changes (before writing).

    guardian writes shares in bulk, past the signals the audit log listens to.
    """
    is_group = isinstance(target, Group)
    spec = SPECS[model]
    share_model = spec.group_perm if is_group else spec.user_perm
    held = share_model._default_manager.filter(
        **{"group" if is_group else "user": target, "content_object__in": records}
    ).values_list("content_object_id", "permission__codename")
    before: dict[int, str] = {}
    for record_id, codename in held:
        edit = codename.startswith("change_") or before.get(record_id) == ACCESS_LEVELS["edit"]
        before[record_id] = _level_label(edit)
    who = str(target.partner_account) if is_group else str(target)  # type: ignore[attr-defined]
    for record in records:
        audit_changes(
            instance=record,
            changes={"access": [before.get(record.pk), ACCESS_LEVELS[level] if level else None]},
            actor=actor,
            content_model=share_model,
            object_repr=f"{model._meta.verbose_name} {record} shared with {who}",
            additional_data={"record_id": record.pk, "shared_with": who, "company": is_group},
        )


def _levels(record: models.Model) -> dict[tuple[str, int], tuple[str, bool]]:
    """Shares of a record keyed by target identity: (kind, pk) -> (label, can_edit)."""
    spec = SPECS[type(record)]
    change_codename = _perms(type(record))[1].split(".", 1)[1]
    found: dict[tuple[str, int], tuple[str, bool]] = {}
    group_perms = spec.group_perm._default_manager.filter(content_object=record).select_related(
        "group__partner_account", "permission"
    )
    user_perms = spec.user_perm._default_manager.filter(content_object=record).select_related(
        "user", "permission"
    )
    targets = [
        (("company", p.group.partner_account.pk), str(p.group.partner_account), p)  # type: ignore[attr-defined]
        for p in group_perms
    ] + [(("user", p.user.pk), str(p.user), p) for p in user_perms]  # type: ignore[attr-defined]
    for key, label, perm in targets:
        edit = perm.permission.codename == change_codename  # type: ignore[attr-defined]
        found[key] = (label, edit or found.get(key, (label, False))[1])
    return found


def _level_label(can_edit: bool) -> str:
    return ACCESS_LEVELS["edit" if can_edit else "read"]


def shares_of(record: models.Model) -> list[tuple[str, str]]:
    """(who, level) for every share of a record, for display; namesakes stay separate rows."""
    return sorted((label, _level_label(edit)) for label, edit in _levels(record).values())


def share_level(
    record: models.Model, *, partner_account: PartnerAccount | None = None, user: User | None = None
) -> str | None:
    """The level ("Read" or "Read/Write") a record is shared at with one company or user."""
    key = ("company", partner_account.pk) if partner_account is not None else ("user", user.pk)  # type: ignore[union-attr]
    found = _levels(record).get(key)
    return _level_label(found[1]) if found else None
