"""Factories of the accounts app: users, staff, partner companies and memberships.

Companies and memberships are made through their services.
"""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Permission

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from accounts.services.memberships import membership_create, partner_account_create

# The password of every user UserFactory makes.
PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True


class VendorAdminFactory(StaffFactory):
    """Vendor staff holding admin's permissions on partner companies, people and records."""

    @factory.post_generation
    def vendor_permissions(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            apps = ("accounts", "portal")
            obj.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))


class PartnerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAccount

    name = factory.Sequence(lambda n: f"Partner {n}")
    website_domain = factory.Sequence(lambda n: f"partner{n}.example.com")

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> PartnerAccount:
        return partner_account_create(actor=None, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partner_account = factory.SubFactory(PartnerAccountFactory)
    role = PartnerRole.USER

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Membership:
        return membership_create(actor=None, **kwargs)
