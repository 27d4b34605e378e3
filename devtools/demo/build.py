"""Build and wipe the demo data set through the services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction

from accounts.models import Membership, PartnerAccount, User
from accounts.services.memberships import membership_create, partner_account_create, user_set_active
from accounts.services.seats import seat_pool_set
from devtools.demo import words
from devtools.demo.cast import (
    BASE_TIME,
    CHANNEL_MANAGER_EMAIL,
    COMPANIES,
    DEMO_COMPANIES,
    DEMO_EMAILS,
    DEMO_PASSWORD,
    PEOPLE,
    SEATS_PURCHASED,
    SEED,
    STAFF,
    VENDOR_ADMINS_GROUP,
)
from devtools.demo.records import RecordMaker, created_times
from devtools.demo.shares import shares_create
from portal.kinds import kind_for_model
from portal.models import Account, Contact, Lead, Note, Opportunity, PartnerEditableField
from portal.services.access import access_rebuild_all

R = TypeVar("R", bound=models.Model)

LEAD_COUNT, OPPORTUNITY_COUNT, ACCOUNT_COUNT = 300, 120, 60
EDITABLE_FIELDS = {
    PartnerEditableField.ObjectType.LEAD: ("status", "rating"),
    PartnerEditableField.ObjectType.OPPORTUNITY: (
        "stage",
        "next_step",
        "probability",
        "close_date",
    ),
    PartnerEditableField.ObjectType.ACCOUNT: ("phone", "website"),
}


def demo_exists() -> bool:
    """Whether the database already holds partner companies or records."""
    return PartnerAccount.objects.exists() or Lead.objects.exists() or Opportunity.objects.exists()


@transaction.atomic
def demo_wipe() -> None:
    """Delete the demo people, companies and the records they own."""
    users = User.objects.filter(email__in=DEMO_EMAILS)
    Note.objects.filter(author__in=users).delete()
    for model in (Opportunity, Lead, Contact, Account):
        model._default_manager.filter(owner__in=users).delete()
    companies = PartnerAccount.objects.filter(name__in=DEMO_COMPANIES)
    Membership.objects.filter(
        models.Q(user__in=users) | models.Q(partner_account__in=companies)
    ).delete()
    group_ids = list(companies.values_list("group_id", flat=True))
    # Parents are protected while children point at them.
    companies.update(parent=None)
    companies.delete()
    Group.objects.filter(pk__in=group_ids).delete()
    users.delete()


@transaction.atomic
def demo_build() -> None:
    """Create the demo companies, people, 300 leads, 120 opportunities, 60 accounts and shares."""
    rng = random.Random(SEED)
    seat_pool_set(actor=None, seats_purchased=SEATS_PURCHASED)
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo logins share it
    staff = _staff_create(password)
    companies = _companies_create(staff[CHANNEL_MANAGER_EMAIL])
    people = _people_create(password, companies)
    for object_type, names in EDITABLE_FIELDS.items():
        for name in names:
            PartnerEditableField.objects.get_or_create(object_type=object_type, field_name=name)
    company_of = {u.pk: companies[p.company].pk for p, u in zip(PEOPLE, people, strict=True)}
    maker = RecordMaker(rng, company_of)
    owners = _owner_pool(staff, people)
    accounts = _accounts_create(rng, maker, owners)
    leads = _bulk(Lead, [maker.lead(o) for o in _pick(rng, owners, LEAD_COUNT)], rng, 300)
    opportunities = _bulk(
        Opportunity,
        [
            maker.opportunity(o, _maybe(rng, accounts))
            for o in _pick(rng, owners, OPPORTUNITY_COUNT)
        ],
        rng,
        720,
    )
    _notes_create(rng, leads, opportunities, staff[CHANNEL_MANAGER_EMAIL])
    shares_create(rng, leads=leads, opportunities=opportunities, accounts=accounts)
    access_rebuild_all()


def _verified_email(user: User) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _staff_create(password: str) -> dict[str, User]:
    """The vendor admin (superuser) and the channel manager (Vendor admins group)."""
    group, _ = Group.objects.get_or_create(name=VENDOR_ADMINS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            models.Q(content_type__app_label__in=("accounts", "portal"))
            | models.Q(content_type__app_label="auditlog", codename="view_logentry")
            # API tokens: see and revoke, as the admin allows (nobody creates them there).
            | models.Q(
                content_type__app_label="api", codename__in=("view_apitoken", "delete_apitoken")
            )
        )
    )
    users = {}
    for spec in STAFF:
        user = User.objects.create(
            email=spec.email,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            is_staff=True,
            is_superuser=spec.is_superuser,
            date_joined=BASE_TIME - dt.timedelta(days=700),
        )
        _verified_email(user)
        users[spec.email] = user
    users[CHANNEL_MANAGER_EMAIL].groups.add(group)
    return users


def _companies_create(channel_manager: User) -> dict[str, PartnerAccount]:
    companies: dict[str, PartnerAccount] = {}
    for index, spec in enumerate(COMPANIES):
        companies[spec.name] = partner_account_create(
            actor=None,
            name=spec.name,
            website_domain=spec.domain,
            tier=spec.tier,
            region=spec.region,
            program=spec.program,
            role_count=spec.role_count,
            channel_manager=channel_manager,
            parent=companies[spec.parent] if spec.parent else None,
        )
        PartnerAccount.objects.filter(pk=companies[spec.name].pk).update(
            created_at=BASE_TIME - dt.timedelta(days=600 - 30 * index)
        )
    return companies


def _people_create(password: str, companies: dict[str, PartnerAccount]) -> list[User]:
    """Partner users with their memberships; the inactive one is deactivated after joining."""
    users = []
    for index, spec in enumerate(PEOPLE):
        joined = BASE_TIME - dt.timedelta(days=500 - 10 * index)
        user = User.objects.create(
            email=spec.email,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            date_joined=joined,
        )
        _verified_email(user)
        membership = membership_create(
            actor=None,
            user=user,
            partner_account=companies[spec.company],
            role=spec.role,
            is_super_user=spec.is_super_user,
            is_partner_admin=spec.is_partner_admin,
            can_export=spec.can_export,
        )
        Membership.objects.filter(pk=membership.pk).update(created_at=joined)
        if not spec.is_active:
            user_set_active(actor=None, user=user, is_active=False)
        users.append(user)
    return users


def _owner_pool(staff: dict[str, User], people: list[User]) -> list[tuple[User, int]]:
    """Owners with weights: vendor staff own about a third of the records."""
    vendor = [(user, 12 if email == CHANNEL_MANAGER_EMAIL else 4) for email, user in staff.items()]
    return vendor + [(user, 2) for user in people]


def _pick(rng: random.Random, owners: list[tuple[User, int]], count: int) -> list[User]:
    users, weights = zip(*owners, strict=True)
    return rng.choices(users, weights=weights, k=count)


def _maybe(rng: random.Random, accounts: Sequence[Account]) -> Account | None:
    return rng.choice(accounts) if rng.random() < 0.85 else None


def _bulk(model: type[R], records: list[R], rng: random.Random, step_minutes: int) -> list[R]:
    """Insert records at once and give them fixed, distinct creation times (newest first)."""
    created = model._default_manager.bulk_create(records)
    for record, at in zip(created, created_times(len(created), rng, step_minutes), strict=True):
        record.created_at = at  # type: ignore[attr-defined]
        # Last changed when it was made: nobody has edited the demo's records yet, so "Recently
        # changed" must not list them all as changed at the moment the demo was built.
        record.updated_at = at  # type: ignore[attr-defined]
    # bulk_update writes the values as set; auto_now_add and auto_now only fire on save().
    model._default_manager.bulk_update(created, ["created_at", "updated_at"])
    return created


def _accounts_create(
    rng: random.Random, maker: RecordMaker, owners: list[tuple[User, int]]
) -> list[Account]:
    """60 customer accounts, mostly vendor-owned, each with one to four contacts."""
    vendor_owners = [o for o in owners if o[0].is_staff]
    pool = [
        rng.choice(vendor_owners)[0] if rng.random() < 0.7 else _pick(rng, owners, 1)[0]
        for _ in range(ACCOUNT_COUNT)
    ]
    accounts = _bulk(Account, [maker.account(i, o) for i, o in enumerate(pool)], rng, 1440)
    contacts = [maker.contact(a) for a in accounts for _ in range(rng.randint(1, 4))]
    _bulk(Contact, contacts, rng, 180)
    return accounts


def _notes_create(
    rng: random.Random,
    leads: Sequence[Lead],
    opportunities: Sequence[Opportunity],
    channel_manager: User,
) -> None:
    """Notes by the record's owner, or by the channel manager on vendor-owned records."""
    notes = []
    for record in [*rng.sample(list(leads), 40), *rng.sample(list(opportunities), 30)]:
        author = channel_manager if record.owner.is_staff else record.owner
        field = kind_for_model(type(record)).slug  # the note's foreign key is named like the kind
        notes.append(Note(author=author, body=rng.choice(words.NOTES), **{field: record}))
    created = Note.objects.bulk_create(notes)
    for note in created:
        on = note.lead or note.opportunity
        assert on is not None
        note.created_at = on.created_at + dt.timedelta(hours=rng.randint(2, 72))
    Note.objects.bulk_update(created, ["created_at"])
