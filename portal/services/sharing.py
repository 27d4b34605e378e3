"""Company-wide and personal shares: the only callers of guardian's assign_perm/remove_perm."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import Group
from django.db import models, transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Membership, PartnerAccount, User
from accounts.selectors import vendor_admin_require
from core.audit import audit_changes
from portal.errors import ShareInvalid
from portal.selectors.shares import ACCESS_LEVELS, AccessLevel, level_label, share_perms
from portal.services.access import SPECS, access_rebuild


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


def _check_model(records: Sequence[models.Model]) -> type[models.Model]:
    models_ = {type(r) for r in records}
    if len(models_) != 1 or next(iter(models_)) not in SPECS:
        raise ShareInvalid("Share records of one kind at a time: leads, opportunities or accounts.")
    return next(iter(models_))


def _require_sharer(actor: User | None, model: type[models.Model]) -> None:
    """Sharing changes who sees a record: admin's change permission on its kind."""
    perm = f"{model._meta.app_label}.change_{model._meta.model_name}"
    what = f"share {model._meta.verbose_name_plural}"
    vendor_admin_require(actor, perm, what=what)


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
    _require_sharer(actor, model)
    target = _target(partner_account, user)
    view, change = share_perms(model)
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
    _require_sharer(actor, model)
    if (partner_account is None) == (user is None):
        raise ShareInvalid("Unshare from either a partner account or a user, not both or neither.")
    target = partner_account.group if partner_account is not None else user
    view, change = share_perms(model)
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
        before[record_id] = level_label(edit)
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
