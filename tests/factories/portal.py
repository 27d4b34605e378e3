"""Factories of the portal app: accounts, contacts, leads and opportunities.

Records are saved through the record service, owned by vendor staff unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from portal.models import Account, Contact, Lead, Opportunity
from portal.services.records import record_save
from tests.factories.accounts import StaffFactory


class _RecordFactory(factory.django.DjangoModelFactory):
    owner = factory.SubFactory(StaffFactory)

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        return record_save(actor=None, record=model_class(**kwargs))


class AccountFactory(_RecordFactory):
    class Meta:
        model = Account

    name = factory.Faker("company")


class ContactFactory(_RecordFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class LeadFactory(_RecordFactory):
    class Meta:
        model = Lead

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    company = factory.Faker("company")
    email = factory.Faker("email")


class OpportunityFactory(_RecordFactory):
    class Meta:
        model = Opportunity

    name = factory.Sequence(lambda n: f"Opportunity {n}")
    close_date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))
