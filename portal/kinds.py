"""The record kinds of the partner site, each declared once.

A kind names its model, its slug (in URLs, saved list views, partner-editable fields and the
API's ``record_type``), its labels, the selector that decides who sees its records, its access
index and its pages. Pages, selectors, the API and Partner Connect look a kind up here instead
of keeping their own table; Partner Connect extends the exported kinds with their Salesforce
object (``sync/kinds.py``). To add a kind: its model and access index, its selector, then one
entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from accounts.models import User
from portal.models import Account, Contact, Lead, Opportunity, RecordAccess
from portal.selectors.records import (
    access_model_of,
    accounts_visible_to,
    contacts_visible_to,
    leads_visible_to,
    opportunities_visible_to,
)


class UnknownKind(LookupError, ValueError):
    """No record kind has this slug or model (a ValueError too, like a bad choice value)."""


@dataclass(frozen=True)
class RecordKind:
    """One kind of vendor record as the partner site knows it."""

    slug: str
    model: type[models.Model]
    label: str
    label_plural: str
    visible_to: Callable[[User], QuerySet]
    # A list page with saved views, downloads and (where exported) the Export action.
    has_list: bool = False
    # Vendor admins share its records with companies and people.
    shareable: bool = False
    # What the vendor's share list searches.
    search_fields: tuple[str, ...] = ()

    @property
    def access_model(self) -> type[RecordAccess] | None:
        """The access index of its records; None for a kind seen through another (contacts)."""
        return access_model_of(self.model)

    @property
    def detail_url_name(self) -> str:
        return f"portal:{self.slug}-detail"

    @property
    def list_url_name(self) -> str | None:
        return f"portal:{self.slug}-list" if self.has_list else None


LEAD = RecordKind(
    slug="lead",
    model=Lead,
    label="Lead",
    label_plural="Leads",
    visible_to=leads_visible_to,
    has_list=True,
    shareable=True,
    search_fields=("first_name", "last_name", "company", "email"),
)
OPPORTUNITY = RecordKind(
    slug="opportunity",
    model=Opportunity,
    label="Opportunity",
    label_plural="Opportunities",
    visible_to=opportunities_visible_to,
    has_list=True,
    shareable=True,
    search_fields=("name",),
)
ACCOUNT = RecordKind(
    slug="account",
    model=Account,
    label="Account",
    label_plural="Accounts",
    visible_to=accounts_visible_to,
    shareable=True,
    search_fields=("name",),
)
CONTACT = RecordKind(
    slug="contact",
    model=Contact,
    label="Contact",
    label_plural="Contacts",
    visible_to=contacts_visible_to,
)

KINDS: tuple[RecordKind, ...] = (LEAD, OPPORTUNITY, ACCOUNT, CONTACT)
_BY_SLUG = {kind.slug: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_for_slug(slug: str) -> RecordKind:
    """The kind with this slug; UnknownKind otherwise."""
    try:
        return _BY_SLUG[slug]
    except (KeyError, TypeError):
        raise UnknownKind(f"There is no record kind {slug!r}.") from None


def kind_for_model(model: type[models.Model]) -> RecordKind:
    """The kind of records of ``model``; UnknownKind otherwise."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise UnknownKind(f"{model.__name__} is not a record kind.") from None


def listed_kinds() -> tuple[RecordKind, ...]:
    """The kinds with a list page (leads, opportunities)."""
    return tuple(kind for kind in KINDS if kind.has_list)


def shareable_kinds() -> tuple[RecordKind, ...]:
    """The kinds vendor admins share (leads, opportunities, accounts)."""
    return tuple(kind for kind in KINDS if kind.shareable)
