"""The demo's company-wide and personal shares, granted through the sharing service."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models

from accounts.models import PartnerAccount, User
from devtools.demo.cast import BLUEPEAK, CEDAR, NORTHWIND, NORTHWIND_EMEA
from portal.models import Account, Lead, Opportunity
from portal.selectors.shares import AccessLevel
from portal.services.sharing import share_grant


@dataclass(frozen=True)
class SharePlan:
    """Share ``count`` records of ``kind``, owned by ``source``, with a company or a user."""

    kind: str
    count: int
    level: AccessLevel
    company: str | None = None
    user: str | None = None
    # None: records owned by vendor staff; otherwise records owned in this partner company.
    source: str | None = None


PLANS = (
    SharePlan("lead", 25, "read", company=NORTHWIND),
    SharePlan("lead", 10, "edit", company=NORTHWIND),
    SharePlan("lead", 12, "read", company=NORTHWIND_EMEA),
    SharePlan("lead", 15, "read", company=BLUEPEAK),
    SharePlan("lead", 5, "edit", company=BLUEPEAK),
    SharePlan("lead", 12, "edit", company=CEDAR),
    SharePlan("lead", 3, "read", company=CEDAR, source=BLUEPEAK),
    SharePlan("lead", 6, "read", user="sam.turner@northwind.example.com"),
    SharePlan("lead", 5, "edit", user="ren.ito@bluepeak.example.com"),
    SharePlan("lead", 4, "read", user="camila.santos@cedarridge.example.com"),
    SharePlan("lead", 3, "edit", user="jonas.weber@northwind-emea.example.com"),
    SharePlan("opportunity", 10, "read", company=NORTHWIND),
    SharePlan("opportunity", 5, "edit", company=NORTHWIND),
    SharePlan("opportunity", 5, "read", company=NORTHWIND_EMEA),
    SharePlan("opportunity", 8, "read", company=BLUEPEAK),
    SharePlan("opportunity", 6, "edit", company=CEDAR),
    SharePlan("opportunity", 3, "edit", user="tina.lopez@northwind.example.com"),
    SharePlan("opportunity", 3, "read", user="diego.alvarez@cedarridge.example.com"),
    SharePlan("account", 5, "read", company=BLUEPEAK),
    SharePlan("account", 4, "read", company=CEDAR),
)


def _source(records: Sequence[models.Model], source: str | None) -> list[models.Model]:
    if source is None:
        return [r for r in records if r.owner.is_staff]  # type: ignore[attr-defined]
    company = PartnerAccount.objects.get(name=source)
    return [r for r in records if r.partner_account_id == company.pk]  # type: ignore[attr-defined]


def shares_create(
    rng: random.Random,
    *,
    leads: Sequence[Lead],
    opportunities: Sequence[Opportunity],
    accounts: Sequence[Account],
) -> None:
    """Grant every planned share on records drawn by the seeded generator."""
    by_kind: dict[str, Sequence[models.Model]] = {
        "lead": leads,
        "opportunity": opportunities,
        "account": accounts,
    }
    for plan in PLANS:
        records = rng.sample(_source(by_kind[plan.kind], plan.source), plan.count)
        share_grant(
            actor=None,
            records=records,
            level=plan.level,
            partner_account=PartnerAccount.objects.get(name=plan.company) if plan.company else None,
            user=User.objects.get(email=plan.user) if plan.user else None,
        )
