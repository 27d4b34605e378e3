"""Reads that filter by permission: the one visibility query per object."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet

from accounts.models import Membership, PartnerRole, User
from portal.errors import NotVisible
from portal.models import (
    Account,
    AccountAccess,
    Contact,
    Lead,
    Opportunity,
    OpportunityAccess,
    Reason,
    RecordAccess,
)
from portal.selectors.shares import share_level


def access_model_of(model: type[models.Model]) -> type[RecordAccess] | None:
    """The access index of records of ``model`` (the rows behind ``record.access``), if any."""
    try:
        related = model._meta.get_field("access").related_model
    except FieldDoesNotExist:
        return None
    return related if isinstance(related, type) and issubclass(related, RecordAccess) else None


def _is_partner(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_staff)


def _is_vendor(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _visible(model: type[models.Model], user: User) -> QuerySet:
    """Records of ``model`` the user sees, newest first along the access index."""
    if _is_vendor(user):
        return model._default_manager.order_by("-created_at", "-id")
    if not _is_partner(user):
        return model._default_manager.none()
    return model._default_manager.filter(access__user=user).order_by(
        "-access__created_at", "-access__record_id"
    )


def leads_visible_to(user: User) -> QuerySet[Lead]:
    """Leads the user may see: every rule of SPEC *Visibility* through the access rows."""
    return _visible(Lead, user)


def opportunities_visible_to(user: User) -> QuerySet[Opportunity]:
    """Opportunities the user may see."""
    return _visible(Opportunity, user)


def accounts_visible_to(user: User) -> QuerySet[Account]:
    """Accounts the user may see: their own access, or an opportunity on it they can see."""
    if _is_vendor(user):
        return Account.objects.all()
    if not _is_partner(user):
        return Account.objects.none()
    direct = AccountAccess.objects.filter(user=user).values("record_id")
    through_opportunities = OpportunityAccess.objects.filter(
        user=user, record__account__isnull=False
    ).values("record__account_id")
    return Account.objects.filter(models.Q(id__in=direct) | models.Q(id__in=through_opportunities))


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    """Contacts are controlled by their account: visible with it."""
    if _is_vendor(user):
        return Contact.objects.all()
    return Contact.objects.filter(account__in=accounts_visible_to(user).values("id"))


def records_visible_to(model: type[models.Model], user: User) -> QuerySet:
    """Records of any kind the user may see: accounts and contacts by their own rules."""
    if model is Account:
        return accounts_visible_to(user)
    if model is Contact:
        return contacts_visible_to(user)
    if access_model_of(model) is None:
        raise TypeError(f"{model.__name__} records have no visibility rule.")
    return _visible(model, user)


def visible_count(model: type[models.Model], user: User) -> int:
    """How many records of ``model`` the user sees, counted on the access index alone."""
    if _is_vendor(user):
        return model._default_manager.count()
    if not _is_partner(user):
        return 0
    if model is Account:
        return accounts_visible_to(user).count()
    access_model = access_model_of(model)
    if access_model is None:
        return records_visible_to(model, user).count()
    return access_model._default_manager.filter(user=user).count()


@dataclass(frozen=True)
class RecordAccessView:
    """What one user may do with one record, and why."""

    can_edit: bool
    reasons: list[Reason] = field(default_factory=list)
    is_vendor: bool = False
    through_opportunity: bool = False


def record_access_for(user: User, record: models.Model) -> RecordAccessView | None:
    """The user's access to a record, or None when they may not see it."""
    if _is_vendor(user):
        return RecordAccessView(can_edit=True, is_vendor=True)
    if not _is_partner(user):
        return None
    if isinstance(record, Contact):
        if record.account_id is None:
            return None
        account_access = record_access_for(user, record.account)  # type: ignore[arg-type]
        return (
            RecordAccessView(can_edit=False, reasons=account_access.reasons)
            if account_access
            else None
        )
    access_model = access_model_of(type(record))
    if access_model is None:
        return None
    row = access_model._default_manager.filter(user=user, record=record.pk).first()  # type: ignore[misc]
    if row is not None:
        return RecordAccessView(can_edit=row.can_edit, reasons=row.reason_list())
    if (
        isinstance(record, Account)
        and OpportunityAccess.objects.filter(user=user, record__account=record).exists()
    ):
        return RecordAccessView(can_edit=False, through_opportunity=True)
    return None


def visible_record_get(model: type[models.Model], user: User, pk: object) -> models.Model:
    """One record the user may see; raise NotVisible (shown as 404) otherwise."""
    try:
        return records_visible_to(model, user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise NotVisible("Not found.") from None


def visibility_explain(user: User, record: models.Model) -> list[str]:
    """Sentences that say why the user sees the record (empty when they do not)."""
    access = record_access_for(user, record)
    if access is None:
        return []
    if access.is_vendor:
        lines = ["You are vendor staff: vendor staff see every record."]
        company = getattr(record, "partner_account", None)
        if company is not None and company.channel_manager_id == user.pk:
            lines.append(f"You are the channel manager of {company}.")
        return lines
    if access.through_opportunity:
        return ["You can see an opportunity on this account, which lets you read the account."]
    owner = getattr(record, "owner", None)
    owner_m = Membership.objects.select_related("partner_account").filter(user=owner).first()
    mine = Membership.objects.select_related("partner_account").filter(user=user).first()
    return [_sentence(reason, mine, owner_m, record) for reason in access.reasons]


def _sentence(
    reason: Reason, mine: Membership | None, owner_m: Membership | None, record: models.Model
) -> str:
    role = PartnerRole(mine.role).label if mine else ""
    owner_role = PartnerRole(owner_m.role).label if owner_m else ""
    if reason == Reason.ROLE_ABOVE_OWNER and mine:
        return f"Your role ({role}) is above the owner's ({owner_role}) in {mine.partner_account}."
    if reason == Reason.SUPER_USER and mine:
        return (
            f"You are a super user in {mine.partner_account} and the owner's role "
            f"({owner_role}) is the same as or lower than yours ({role})."
        )
    if reason == Reason.COMPANY_SHARE and mine:
        level = share_level(record, partner_account=mine.partner_account)
        return f"It is shared with your whole company, {mine.partner_account} ({level})."
    if reason == Reason.PERSONAL_SHARE and mine:
        level = share_level(record, user=mine.user)
        return f"It is shared with you personally ({level})."
    if reason == Reason.PARENT_ACCOUNT and mine and owner_m:
        return (
            f"You hold the top role ({role}) of {mine.partner_account}, a parent account of "
            f"the owner's company, {owner_m.partner_account}."
        )
    return "You own it."
