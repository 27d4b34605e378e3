"""The shape of the benchmark data set, decided in Python before any row is written.

Partner companies, their sizes, hierarchies and people are few enough (thousands) to plan
here; the million leads and the shares are then generated set-based in SQL from this plan.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from accounts.models import PartnerRole

EMAIL_DOMAIN = "bench.example.com"
ACCOUNT_PREFIX = "Bench partner"
VENDOR_LEAD_SHARE = 0.05
BIG_COMPANY_SHARE = 0.12
# The hierarchy whose top executive sees 100k+ leads: (parent index, share of all leads).
HIERARCHY = ((None, 0.01), (1, 0.03), (1, 0.025), (2, 0.02), (4, 0.02), (5, 0.015))
# Companies of graded sizes, so a floor account exists near every visible count sampled.
LADDER = (0.10, 0.07, 0.05, 0.035, 0.025, 0.015, 0.01)
SPECIAL_ACCOUNTS = 1 + len(HIERARCHY) + len(LADDER)
MIN_ACCOUNTS = SPECIAL_ACCOUNTS + 6
CHAIN_EVERY = 25
# (label, company index, position) of the people who see 100k+ leads at full scale.
HEAVY_USERS = (
    ("super user (Manager) of the biggest company", 0, 1),
    ("Executive of the biggest company", 0, 0),
    ("Executive of a 5-level parent account", 1, 0),
)


def person_email(account_index: int, position: int) -> str:
    """The login of the person at ``position`` in the planned company ``account_index``."""
    return f"p{account_index:05d}-{position:04d}@{EMAIL_DOMAIN}"


def staff_email(number: int) -> str:
    """The login of a vendor staff member who owns vendor leads."""
    return f"staff-{number:03d}@{EMAIL_DOMAIN}"


@dataclass
class PlannedUser:
    """One partner user: role and flags."""

    role: int
    is_super_user: bool = False
    is_partner_admin: bool = False
    can_export: bool = False
    user_active: bool = True
    membership_active: bool = True


@dataclass
class PlannedAccount:
    """One partner company: size, parent (an index into the plan) and people."""

    name: str
    role_count: int
    lead_count: int
    parent: int | None = None
    is_active: bool = True
    users: list[PlannedUser] = field(default_factory=list)


@dataclass
class Plan:
    """The whole data set: companies, vendor staff and vendor-owned leads."""

    accounts: list[PlannedAccount]
    staff_count: int
    vendor_leads: int

    @property
    def lead_count(self) -> int:
        return self.vendor_leads + sum(a.lead_count for a in self.accounts)


def _sizes(leads: int, accounts: int, rng: random.Random) -> list[int]:
    """Lead counts per company: the special companies first, then a long tail of 10 to ~2000."""
    special = [BIG_COMPANY_SHARE, *(share for _, share in HIERARCHY), *LADDER]
    sizes = [max(1, round(leads * share)) for share in special]
    rest = leads - round(leads * VENDOR_LEAD_SHARE) - sum(sizes)
    # Log-uniform between 10 and 2000, then scaled so the totals add up.
    raw = [
        math.exp(rng.uniform(math.log(20), math.log(2000))) for _ in range(accounts - len(sizes))
    ]
    scale = rest / sum(raw)
    tail = [max(1, round(r * scale)) for r in raw]
    tail[0] += rest - sum(tail)
    return sizes + tail


def _parents(accounts: int) -> list[int | None]:
    """Parents: the fixed hierarchy, then a chain of 2 to 5 levels every CHAIN_EVERY companies."""
    parents: list[int | None] = [None] * accounts
    for offset, (parent, _) in enumerate(HIERARCHY):
        parents[1 + offset] = None if parent is None else parent
    for number, root in enumerate(range(SPECIAL_ACCOUNTS, accounts, CHAIN_EVERY)):
        depth = 2 + number % 4
        for level in range(1, depth):
            if root + level < accounts:
                parents[root + level] = root + level - 1
    return parents


def _user_counts(sizes: list[int], role_counts: list[int], partner_users: int) -> list[int]:
    """People per company, growing with the square root of its size, each role present."""
    weights = [size**0.35 for size in sizes]
    total = sum(weights)
    return [
        max(role_count, round(partner_users * weight / total))
        for weight, role_count in zip(weights, role_counts, strict=True)
    ]


def _people(count: int, role_count: int, rng: random.Random) -> list[PlannedUser]:
    """A company's people: the first holds the top role and is partner admin."""
    people = []
    for position in range(count):
        if position < role_count:
            role = role_count - position
        else:
            draw = rng.random()
            role = role_count if draw < 0.03 else (2 if role_count >= 2 and draw < 0.12 else 1)
        people.append(
            PlannedUser(
                role=role,
                is_super_user=position >= role_count and rng.random() < 0.03,
                is_partner_admin=position == 0,
                can_export=rng.random() < 0.05,
                user_active=position < role_count or rng.random() >= 0.03,
                membership_active=position < role_count or rng.random() >= 0.01,
            )
        )
    return people


def plan_build(*, leads: int, accounts: int, users: int, seed: int = 7) -> Plan:
    """Plan a data set of about ``leads`` leads, ``accounts`` companies and ``users`` users."""
    if accounts < MIN_ACCOUNTS:
        raise ValueError(f"The benchmark needs at least {MIN_ACCOUNTS} partner accounts.")
    rng = random.Random(seed)
    sizes = _sizes(leads, accounts, rng)
    role_counts = [3] * SPECIAL_ACCOUNTS + [
        rng.choices((1, 2, 3), weights=(2, 3, 5))[0] for _ in range(accounts - SPECIAL_ACCOUNTS)
    ]
    staff_count = max(2, users // 2000)
    counts = _user_counts(sizes, role_counts, users - staff_count)
    planned = [
        PlannedAccount(
            name=f"{ACCOUNT_PREFIX} {index:05d}",
            role_count=role_counts[index],
            lead_count=sizes[index],
            parent=parent,
            # A few companies in the long tail are inactive: their people see nothing.
            is_active=index < SPECIAL_ACCOUNTS or index % 97 != 0,
            users=_people(counts[index], role_counts[index], rng),
        )
        for index, parent in enumerate(_parents(accounts))
    ]
    # The heavy super user of the big company: a Manager who sees Users' and Managers' leads.
    planned[0].users[1] = PlannedUser(role=PartnerRole.MANAGER, is_super_user=True)
    return Plan(planned, staff_count, round(leads * VENDOR_LEAD_SHARE))
