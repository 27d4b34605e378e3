"""The benchmark's own rows: a partner company connected to an emulated org, and its leads.

Everything is made through the services a vendor admin and a partner admin use (company,
memberships with seats, invitation to connect, credentials, both sides of the Lead mapping,
Test connection), except the leads, which are inserted in one statement and given their access
rows as the portal requires. ``data_wipe`` deletes exactly these rows again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django_q.models import Schedule, Task

from accounts.models import Membership, PartnerAccount, PartnerRole, SeatPool, User
from accounts.services.memberships import membership_create, partner_account_create
from accounts.services.seats import seat_holders, seat_pool_set
from devtools.demo.connect import standard_mapping_save
from emulator.control import org_create
from portal.models import Industry, Lead, LeadSource, LeadStatus, Rating
from portal.services.access import access_rebuild
from sync.models import (
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ImportLog,
    ObjectType,
    RecordMap,
)
from sync.services.connections.setup import (
    connection_client,
    connection_credentials_save,
    connection_invite,
    connection_test,
)
from sync.services.export.start import TASK

COMPANY_NAME = "Bench export partner"
EMAIL_DOMAIN = "bench-export.example.com"
ORG = {
    "host": "bench-export.my.salesforce.com",
    "client_id": "3MVG9benchexport",
    "client_secret": "bench-export-secret",
}
SEATS_NEEDED = 2  # the partner admin and the exporter


class BenchDataRefused(Exception):
    """The benchmark cannot set up its data; the message says why."""


class BenchFigureWrong(Exception):
    """The benchmark's data did not end as it must (a record lost, a change not landed)."""


@dataclass(frozen=True)
class BenchData:
    """The exporting user and the Enabled connection the benchmark exports through."""

    exporter: User
    connection: Connection
    seats_before: int


def _email(name: str) -> str:
    return f"{name}@{EMAIL_DOMAIN}"


def _seats_make_room() -> int:
    """Buy the seats the benchmark takes unless they are free; the previous count, to restore."""
    pool = SeatPool.objects.first()
    before = pool.seats_purchased if pool else 0
    free = before - seat_holders().count()
    if free < SEATS_NEEDED:
        seat_pool_set(actor=None, seats_purchased=before + SEATS_NEEDED - free)
    return before


def _members(company: PartnerAccount) -> tuple[User, User]:
    """The partner admin and the exporter (each takes a seat)."""
    users = {}
    for name, flags in (("admin", {"is_partner_admin": True}), ("exporter", {"can_export": True})):
        user = User.objects.create_user(_email(name), first_name="Bench", last_name=name)
        role = PartnerRole.EXECUTIVE if name == "admin" else PartnerRole.USER
        membership_create(actor=None, user=user, partner_account=company, role=role, **flags)
        users[name] = user
    return users["admin"], users["exporter"]


def data_create(*, base_url: str) -> BenchData:
    """Create the org in the emulator, the company, its users and its Enabled connection."""
    if PartnerAccount.objects.filter(name=COMPANY_NAME).exists():
        raise BenchDataRefused(f"{COMPANY_NAME!r} exists already: run data_wipe first.")
    summary = org_create(
        base_url, host=ORG["host"], client_id=ORG["client_id"], client_secret=ORG["client_secret"]
    )
    seats_before = _seats_make_room()
    vendor_admin = User.objects.create_superuser(_email("vendor-admin"))
    company = partner_account_create(actor=vendor_admin, name=COMPANY_NAME, role_count=3)
    partner_admin, exporter = _members(company)
    connection = connection_invite(actor=vendor_admin, partner_account=company)
    connection = connection_credentials_save(
        actor=partner_admin,
        connection=connection,
        my_domain=ORG["host"],
        client_id=ORG["client_id"],
        client_secret=ORG["client_secret"],
    )
    client = connection_client(connection)
    try:
        describe = client.describe(ObjectType.LEAD.value)
    finally:
        client.close()
    owner_id = summary["queues"][0]["Id"]
    standard_mapping_save(
        vendor_admin, partner_admin, connection, ObjectType.LEAD, describe, owner_id
    )
    report = connection_test(actor=partner_admin, connection=connection)
    if connection.status != ConnectionStatus.ENABLED:
        raise BenchDataRefused(f"The connection did not become Enabled: {report.as_json()}")
    return BenchData(exporter, connection, seats_before)


def _pick(choices: list[str], n: int) -> str:
    return choices[n % len(choices)]


def _lead_values(n: int) -> dict[str, Any]:
    """A lead with every exported field filled, varied with ``n``."""
    return {
        "first_name": f"First{n}",
        "last_name": f"Last {n}",
        "title": _pick(["CEO", "CTO", "Head of Sales", "Buyer"], n),
        "company": f"Company {n}",
        "email": f"lead{n}@company{n}.example.com",
        "phone": f"+1 555 {n:07d}",
        "website": f"https://company{n}.example.com",
        "status": _pick(LeadStatus.values, n),
        "rating": _pick(Rating.values, n),
        "industry": _pick(Industry.values, n),
        "lead_source": _pick(LeadSource.values, n),
        "annual_revenue": Decimal(1000 + n * 37) * 100,
        "number_of_employees": 5 + n % 5000,
        "street": f"{n} Main Street",
        "city": _pick(["Springfield", "Shelbyville", "Ogdenville"], n),
        "state": _pick(["CA", "NY", "TX"], n),
        "postal_code": f"{n % 100000:05d}",
        "country": "United States",
    }


def leads_create(*, owner: User, count: int, start: int = 0) -> list[int]:
    """``count`` leads owned by ``owner`` in one insert, with their access rows; their ids."""
    company_id = owner.membership.partner_account_id
    leads = Lead.objects.bulk_create(
        Lead(owner=owner, partner_account_id=company_id, **_lead_values(n))
        for n in range(start, start + count)
    )
    ids = [lead.pk for lead in leads]
    access_rebuild(model=Lead, record_ids=ids)
    return ids


def _tasks_delete(job_ids: set[int]) -> None:
    """The django-q2 results and schedules the benchmark's jobs left."""
    tasks = Task.objects.filter(func=TASK).only("id", "args")
    Task.objects.filter(pk__in=[t.pk for t in tasks if set(t.args or ()) & job_ids]).delete()
    Schedule.objects.filter(func=TASK, args__in=[repr((pk,)) for pk in job_ids]).delete()


def data_wipe(*, seats_before: int | None = None) -> None:
    """Delete every row the benchmark made, here and in the queue tables; restore the seats."""
    companies = PartnerAccount.objects.filter(name=COMPANY_NAME)
    connections = Connection.objects.filter(partner_account__in=companies)
    job_ids = set(ExportJob.objects.filter(connection__in=connections).values_list("pk", flat=True))
    ExportJobItem.objects.filter(job_id__in=job_ids).delete()
    ImportLog.objects.filter(connection__in=connections).delete()
    RecordMap.objects.filter(connection__in=connections).delete()
    ExportJob.objects.filter(pk__in=job_ids).delete()
    connections.delete()
    _tasks_delete(job_ids)
    Lead.objects.filter(partner_account__in=companies).delete()
    users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    Membership.objects.filter(user__in=users).delete()
    users.delete()
    group_ids = list(companies.values_list("group_id", flat=True))
    companies.delete()
    Group.objects.filter(pk__in=group_ids).delete()
    if seats_before is not None:
        seat_pool_set(actor=None, seats_purchased=seats_before)
