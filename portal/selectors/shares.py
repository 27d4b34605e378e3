"""Reads of shares: at which level a record is shared, and with whom."""

from __future__ import annotations

from typing import Literal

from django.db import models

from accounts.models import PartnerAccount, User
from portal.services.access import SPECS

AccessLevel = Literal["read", "edit"]
ACCESS_LEVELS: dict[str, str] = {"read": "Read", "edit": "Read/Write"}


def share_perms(model: type[models.Model]) -> tuple[str, str]:
    """The object permissions a share of ``model`` records hold: view, and change for edit."""
    label, name = model._meta.app_label, model._meta.model_name
    return f"{label}.view_{name}", f"{label}.change_{name}"


def _levels(record: models.Model) -> dict[tuple[str, int], tuple[str, bool]]:
    """Shares of a record keyed by target identity: (kind, pk) -> (label, can_edit)."""
    spec = SPECS[type(record)]
    change_codename = share_perms(type(record))[1].split(".", 1)[1]
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


def level_label(can_edit: bool) -> str:
    """The label of a share level: Read, or Read/Write when it lets edit."""
    return ACCESS_LEVELS["edit" if can_edit else "read"]


def shares_of(record: models.Model) -> list[tuple[str, str]]:
    """(who, level) for every share of a record, for display; namesakes stay separate rows."""
    return sorted((label, level_label(edit)) for label, edit in _levels(record).values())


def share_level(
    record: models.Model, *, partner_account: PartnerAccount | None = None, user: User | None = None
) -> str | None:
    """The level ("Read" or "Read/Write") a record is shared at with one company or user."""
    key = ("company", partner_account.pk) if partner_account is not None else ("user", user.pk)  # type: ignore[union-attr]
    found = _levels(record).get(key)
    return level_label(found[1]) if found else None
