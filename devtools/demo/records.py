"""Unsaved demo records made from the word lists and one seeded random generator."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal

from django.utils.text import slugify

from accounts.models import User
from devtools.demo import words
from devtools.demo.cast import BASE_TIME
from portal.models import (
    CLOSED_STAGES,
    Account,
    AccountType,
    Contact,
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    OpportunityType,
    Rating,
    Stage,
)

STAGE_PROBABILITY = {
    Stage.PROSPECTING: 10,
    Stage.QUALIFICATION: 20,
    Stage.NEEDS_ANALYSIS: 25,
    Stage.VALUE_PROPOSITION: 35,
    Stage.DECISION_MAKERS: 45,
    Stage.PERCEPTION_ANALYSIS: 55,
    Stage.PROPOSAL: 65,
    Stage.NEGOTIATION: 80,
    Stage.CLOSED_WON: 100,
    Stage.CLOSED_LOST: 0,
}


class RecordMaker:
    """Makes realistic, unsaved records; the same seed always yields the same records."""

    def __init__(self, rng: random.Random, company_of: Mapping[int, int | None]) -> None:
        self.rng = rng
        # Owner id -> the owner's partner company id (None for vendor staff), as record_save sets.
        self.company_of = company_of

    def _company(self) -> tuple[str, str]:
        kind, industry = self.rng.choice(words.COMPANY_KINDS)
        word, suffix = self.rng.choice(words.COMPANY_WORDS), self.rng.choice(words.COMPANY_SUFFIXES)
        name = f"{word} {kind} {suffix}"
        return name, industry

    def _address(self) -> dict[str, str]:
        city, state, country = self.rng.choice(words.CITIES)
        street = f"{self.rng.randint(1, 980)} {self.rng.choice(words.STREETS)}"
        postal = f"{self.rng.randint(10000, 99999)}"
        return {
            "street": street,
            "city": city,
            "state": state,
            "postal_code": postal,
            "country": country,
        }

    def _phone(self) -> str:
        return f"+1 {self.rng.randint(200, 989)} 555 {self.rng.randint(1000, 9999)}"

    def _owned(self, owner: User) -> dict[str, object]:
        return {"owner": owner, "partner_account_id": self.company_of.get(owner.pk)}

    def account(self, index: int, owner: User) -> Account:
        name, industry = self._company()
        return Account(
            name=name,
            account_number=f"ACC-{1001 + index}",
            type=self.rng.choice(AccountType.values[:4]),
            industry=industry,
            website=f"https://www.{slugify(name)}.example.com",
            phone=self._phone(),
            annual_revenue=Decimal(self.rng.randrange(2, 900) * 1_000_000),
            number_of_employees=self.rng.choice((25, 80, 150, 400, 1200, 5000, 20000)),
            **self._address(),
            **self._owned(owner),
        )

    def contact(self, account: Account) -> Contact:
        first, last = self.rng.choice(words.FIRST_NAMES), self.rng.choice(words.LAST_NAMES)
        return Contact(
            account=account,
            first_name=first,
            last_name=last,
            title=self.rng.choice(words.TITLES),
            email=f"{first}.{last}@{slugify(account.name)}.example.com".lower(),
            phone=self._phone(),
            lead_source=self.rng.choice(LeadSource.values),
            **self._address(),
            **self._owned(account.owner),
        )

    def lead(self, owner: User) -> Lead:
        first, last = self.rng.choice(words.FIRST_NAMES), self.rng.choice(words.LAST_NAMES)
        company, industry = self._company()
        status = self.rng.choices(LeadStatus.values, weights=(40, 30, 15, 15))[0]
        return Lead(
            first_name=first,
            last_name=last,
            title=self.rng.choice(words.TITLES),
            company=company,
            email=f"{first}.{last}@{slugify(company)}.example.com".lower(),
            phone=self._phone(),
            website=f"https://www.{slugify(company)}.example.com",
            status=status,
            rating=self.rng.choice([*Rating.values, ""]),
            industry=industry,
            lead_source=self.rng.choice(LeadSource.values),
            annual_revenue=Decimal(self.rng.randrange(1, 500) * 250_000),
            number_of_employees=self.rng.choice((10, 45, 120, 300, 850, 2500, 12000)),
            **self._address(),
            **self._owned(owner),
        )

    def opportunity(self, owner: User, account: Account | None) -> Opportunity:
        stage = self.rng.choices(Stage.values, weights=(12, 12, 10, 10, 8, 6, 10, 8, 14, 10))[0]
        closed = stage in CLOSED_STAGES
        days = self.rng.randint(-120, -5) if closed else self.rng.randint(5, 180)
        buyer = account.name if account else self._company()[0]
        return Opportunity(
            name=f"{buyer} - {self.rng.choice(words.PRODUCTS)}"[:120],
            account=account,
            amount=Decimal(self.rng.randrange(10, 1000) * 500),
            close_date=(BASE_TIME + dt.timedelta(days=days)).date(),
            stage=stage,
            probability=STAGE_PROBABILITY[Stage(stage)],
            type=self.rng.choice(OpportunityType.values),
            lead_source=self.rng.choice(LeadSource.values),
            next_step="" if closed else self.rng.choice(words.NEXT_STEPS),
            **self._owned(owner),
        )


def created_times(count: int, rng: random.Random, step_minutes: int) -> list[dt.datetime]:
    """Distinct instants, newest first, counted back from BASE_TIME with some jitter."""
    return [
        BASE_TIME - dt.timedelta(minutes=i * step_minutes + rng.randint(0, step_minutes - 1))
        for i in range(count)
    ]
