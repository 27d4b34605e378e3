"""Reads for the partner site's pages, built on the visibility selectors."""

from __future__ import annotations

from itertools import chain

from django.db import models
from django.db.models import Count, Q, QuerySet

from accounts.models import Membership, User
from accounts.selectors import partner_admin_membership
from core.ids import parse_id
from portal.errors import NotVisible
from portal.models import (
    CLOSED_STAGES,
    OPEN_LEAD_STATUSES,
    Lead,
    LeadStatus,
    Note,
    Opportunity,
    RecordAccess,
    SavedListView,
    Stage,
)
from portal.selectors.records import access_model_of, leads_visible_to, opportunities_visible_to

RECENT_LIMIT = 10


def open_lead_counts(user: User) -> list[tuple[str, str, int]]:
    """(status, label, count) of the open leads the user sees, in status order."""
    rows = (
        leads_visible_to(user)
        .filter(status__in=OPEN_LEAD_STATUSES)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    return [(s.value, LeadStatus(s).label, counts.get(s, 0)) for s in OPEN_LEAD_STATUSES]


def open_opportunity_counts(user: User) -> list[tuple[str, str, int]]:
    """(stage, label, count) of the open opportunities the user sees, in stage order."""
    rows = (
        opportunities_visible_to(user)
        .exclude(stage__in=CLOSED_STAGES)
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
    )
    counts = {row["stage"]: row["n"] for row in rows}
    return [(s.value, s.label, counts.get(s.value, 0)) for s in Stage if s not in CLOSED_STAGES]


def recent_notes(user: User, limit: int = RECENT_LIMIT) -> QuerySet[Note]:
    """The latest notes on leads and opportunities the user sees."""
    visible = Q(lead__in=leads_visible_to(user).order_by().values("id")) | Q(
        opportunity__in=opportunities_visible_to(user).order_by().values("id")
    )
    return (
        Note.objects.filter(visible)
        .select_related("author", "lead", "opportunity")
        .order_by("-created_at", "-id")[:limit]
    )


def recently_changed(user: User, limit: int = RECENT_LIMIT) -> list[Lead | Opportunity]:
    """The user's most recently changed visible leads and opportunities, newest first."""
    leads = leads_visible_to(user).order_by("-updated_at", "-id")[:limit]
    opportunities = opportunities_visible_to(user).order_by("-updated_at", "-id")[:limit]
    merged: list[Lead | Opportunity] = sorted(
        chain(leads, opportunities), key=lambda r: r.updated_at, reverse=True
    )
    return merged[:limit]


def owner_choices(user: User, visible: QuerySet) -> list[tuple[int, str]]:
    """Owners the list filter offers: exactly the owners of the records the user sees.

    ``visible`` is the list's selector queryset for the user; the user comes first, as "Me",
    when they own any of it. Owners outside the user's company (vendor staff, colleagues of a
    company that shared with them) are offered too, since their records are in the list.
    """
    owner_ids = visible.order_by().values("owner_id")
    owners = User.objects.filter(pk__in=owner_ids).order_by("last_name", "first_name", "email")
    listed = list(owners)
    mine = [(user.pk, "Me")] if any(u.pk == user.pk for u in listed) else []
    return mine + [(u.pk, str(u)) for u in listed if u.pk != user.pk]


def list_views_of(user: User, object_type: str) -> QuerySet[SavedListView]:
    """The user's saved views of one object, by name."""
    return SavedListView.objects.filter(user=user, object_type=object_type).order_by("name")


def list_view_chosen(user: User, object_type: str, view_id: str | None) -> SavedListView | None:
    """The view asked for by id, else the user's default view; another user's id finds none."""
    views = list_views_of(user, object_type)
    if view_id:
        pk = parse_id(view_id)
        return views.filter(pk=pk).first() if pk is not None else None
    return views.filter(is_default=True).first()


def team_members(admin: Membership) -> QuerySet[Membership]:
    """The members of the admin's company, with user and company loaded."""
    return (
        Membership.objects.filter(partner_account_id=admin.partner_account_id)
        .select_related("user", "partner_account")
        .order_by("user__last_name", "user__email")
    )


def team_member_get(actor: User, membership_id: int | str) -> Membership:
    """A member of the actor's company, when the actor is its partner admin; else NotVisible."""
    admin = partner_admin_membership(actor)
    if admin is None:
        raise NotVisible("Not found.")
    try:
        return team_members(admin).get(pk=membership_id)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise NotVisible("Not found.") from None


def company_access_rows(record: models.Model, admin: Membership) -> list[RecordAccess]:
    """Access rows of the record held by members of the admin's company, with their users."""
    access_model = access_model_of(type(record))
    if access_model is None:
        return []
    rows = (
        access_model._default_manager.filter(
            record=record.pk,  # type: ignore[misc]
            user__membership__partner_account_id=admin.partner_account_id,
        )
        .select_related("user")
        .order_by("user__last_name", "user__email")
    )
    return list(rows)
