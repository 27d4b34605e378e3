"""Saving vendor records, partner edits of whitelisted fields, and notes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from accounts.models import Membership, User
from accounts.selectors import vendor_admin_require
from portal.errors import NotEditable, NotVisible
from portal.models import (
    NOTE_MAX_LENGTH,
    Account,
    Lead,
    Note,
    Opportunity,
    PartnerEditableField,
)
from portal.selectors.records import record_access_for
from portal.services.access import SPECS, access_rebuild


def _owner_company_id(owner: User) -> int | None:
    return (
        Membership.objects.filter(user=owner).values_list("partner_account_id", flat=True).first()
    )


@transaction.atomic
def record_save(*, actor: User | None, record: models.Model) -> models.Model:
    """Save a vendor record (create or change); keep its company and access rows in step."""
    meta = type(record)._meta
    verb = "change" if record.pk is not None else "add"
    perm = f"{meta.app_label}.{verb}_{meta.model_name}"
    vendor_admin_require(actor, perm, what=f"{verb} {meta.verbose_name_plural}")
    old_owner = None
    if record.pk is not None:
        old_owner = (
            type(record)._default_manager.filter(pk=record.pk).values_list("owner_id", flat=True)
        ).first()
    record.partner_account_id = _owner_company_id(record.owner)  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    if type(record) in SPECS and old_owner != record.owner_id:  # type: ignore[attr-defined]
        access_rebuild(model=type(record), record_ids=[record.pk])
    return record


def editable_fields(model: type[models.Model]) -> list[str]:
    """The fields the vendor lets partners edit on records of this kind."""
    object_type = model._meta.model_name
    allowed = PartnerEditableField.objects.filter(object_type=object_type)
    return [f for f in allowed.values_list("field_name", flat=True) if f in _field_names(model)]


def _field_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}


@transaction.atomic
def record_update_by_partner(
    *, actor: User, record: Lead | Opportunity | Account, changes: dict[str, Any]
) -> Lead | Opportunity | Account:
    """Apply a partner's edit to whitelisted fields of a record they may write."""
    access = record_access_for(actor, record)
    if access is None:
        raise NotVisible("Not found.")
    if not access.can_edit:
        raise NotEditable("You have Read access to this record; ask its owner for Read/Write.")
    allowed = set(editable_fields(type(record)))
    refused = sorted(set(changes) - allowed)
    if refused:
        raise NotEditable(
            f"These fields cannot be edited on the partner site: {', '.join(refused)}."
        )
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def note_add(*, actor: User, record: Lead | Opportunity, body: str) -> Note:
    """Add a timeline note; partners need Read/Write access, vendor staff may always add."""
    access = record_access_for(actor, record)
    if access is None:
        raise NotVisible("Not found.")
    if not access.can_edit:
        raise NotEditable("You have Read access to this record; notes need Read/Write.")
    text = body.strip()
    if not text:
        raise ValidationError({"body": "Write something before adding the note."})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": f"This note has {len(text):,} characters; a note holds at most "
                f"{NOTE_MAX_LENGTH:,}. Shorten it, or add it as two notes."
            }
        )
    if isinstance(record, Lead):
        return Note.objects.create(lead=record, author=actor, body=text)
    return Note.objects.create(opportunity=record, author=actor, body=text)
