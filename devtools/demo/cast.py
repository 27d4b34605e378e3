"""Who is in the demo: vendor staff, partner companies and partner users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import PartnerRole, Program, Region, Tier

SEED = 20260601
# Every created_at is counted back from this instant, so "newest first" is the same every run.
BASE_TIME = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
DEMO_PASSWORD = "partner-demo-2026"
SEATS_PURCHASED = 10
VENDOR_ADMINS_GROUP = "Vendor admins"

ADMIN_EMAIL = "admin@vendor.example.com"
CHANNEL_MANAGER_EMAIL = "channel@vendor.example.com"


@dataclass(frozen=True)
class StaffSpec:
    email: str
    first_name: str
    last_name: str
    is_superuser: bool


@dataclass(frozen=True)
class CompanySpec:
    name: str
    domain: str
    tier: str
    region: str
    program: str
    role_count: int
    parent: str | None = None


@dataclass(frozen=True)
class PersonSpec:
    email: str
    first_name: str
    last_name: str
    company: str
    role: PartnerRole
    is_super_user: bool = False
    is_partner_admin: bool = False
    can_export: bool = False
    is_active: bool = True


STAFF = (
    StaffSpec(ADMIN_EMAIL, "Grace", "Hopkins", is_superuser=True),
    StaffSpec(CHANNEL_MANAGER_EMAIL, "Daniel", "Brooks", is_superuser=False),
)

NORTHWIND = "Northwind Solutions"
NORTHWIND_EMEA = "Northwind Solutions EMEA"
BLUEPEAK = "Bluepeak Consulting"
CEDAR = "Cedar Ridge Networks"

COMPANIES = (
    CompanySpec(
        NORTHWIND, "northwind.example.com", Tier.PLATINUM, Region.NORTH_AMERICA, Program.RESELLER, 3
    ),
    CompanySpec(
        NORTHWIND_EMEA,
        "northwind-emea.example.com",
        Tier.GOLD,
        Region.EMEA,
        Program.DISTRIBUTOR,
        3,
        parent=NORTHWIND,
    ),
    CompanySpec(BLUEPEAK, "bluepeak.example.com", Tier.SILVER, Region.APAC, Program.REFERRAL, 2),
    CompanySpec(
        CEDAR, "cedarridge.example.com", Tier.REGISTERED, Region.LATIN_AMERICA, Program.MSP, 1
    ),
)

_U, _M, _E = PartnerRole.USER, PartnerRole.MANAGER, PartnerRole.EXECUTIVE

PEOPLE = (
    PersonSpec(
        "olivia.reed@northwind.example.com",
        "Olivia",
        "Reed",
        NORTHWIND,
        _E,
        is_partner_admin=True,
        can_export=True,
    ),
    PersonSpec(
        "marcus.chen@northwind.example.com", "Marcus", "Chen", NORTHWIND, _M, is_super_user=True
    ),
    PersonSpec(
        "priya.patel@northwind.example.com", "Priya", "Patel", NORTHWIND, _M, can_export=True
    ),
    PersonSpec("sam.turner@northwind.example.com", "Sam", "Turner", NORTHWIND, _U),
    PersonSpec("tina.lopez@northwind.example.com", "Tina", "Lopez", NORTHWIND, _U),
    PersonSpec(
        "lukas.becker@northwind-emea.example.com",
        "Lukas",
        "Becker",
        NORTHWIND_EMEA,
        _E,
        is_partner_admin=True,
    ),
    PersonSpec("sofia.rossi@northwind-emea.example.com", "Sofia", "Rossi", NORTHWIND_EMEA, _M),
    PersonSpec(
        "jonas.weber@northwind-emea.example.com",
        "Jonas",
        "Weber",
        NORTHWIND_EMEA,
        _U,
        can_export=True,
    ),
    # Left the company: she still owns records, which her colleagues above her keep seeing.
    PersonSpec(
        "elena.novak@northwind-emea.example.com",
        "Elena",
        "Novak",
        NORTHWIND_EMEA,
        _U,
        can_export=True,
        is_active=False,
    ),
    PersonSpec("aiko.tanaka@bluepeak.example.com", "Aiko", "Tanaka", BLUEPEAK, _M),
    PersonSpec("ren.ito@bluepeak.example.com", "Ren", "Ito", BLUEPEAK, _U),
    PersonSpec("mei.lin@bluepeak.example.com", "Mei", "Lin", BLUEPEAK, _U, can_export=True),
    PersonSpec("diego.alvarez@cedarridge.example.com", "Diego", "Alvarez", CEDAR, _U),
    PersonSpec("camila.santos@cedarridge.example.com", "Camila", "Santos", CEDAR, _U),
)

DEMO_EMAILS = tuple(s.email for s in STAFF) + tuple(p.email for p in PEOPLE)
DEMO_COMPANIES = tuple(c.name for c in COMPANIES)
