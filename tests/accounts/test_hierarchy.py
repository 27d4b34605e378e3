"""External account hierarchy: at most five levels, no cycles."""

from __future__ import annotations

import pytest

from accounts.errors import HierarchyInvalid
from accounts.models import PartnerAccount
from accounts.services.memberships import partner_account_create, partner_account_update
from tests.factories import PartnerAccountFactory


def chain(length: int) -> list[PartnerAccount]:
    """Partner companies, each the child of the one before."""
    companies = [PartnerAccountFactory.create()]
    for _ in range(length - 1):
        companies.append(PartnerAccountFactory.create(parent=companies[-1]))
    return companies


def parents() -> dict[int, int | None]:
    return dict(PartnerAccount.objects.values_list("pk", "parent_id"))


def test_five_levels_are_allowed(db):
    companies = chain(5)
    assert [c.parent_id for c in companies] == [None, *(c.pk for c in companies[:-1])]


def test_a_sixth_level_is_refused_and_nothing_is_created(db):
    companies = chain(5)
    with pytest.raises(HierarchyInvalid) as raised:
        partner_account_create(actor=None, name="Too Deep", parent=companies[-1])
    assert raised.value.message == (
        f"Placing Too Deep under {companies[-1]} would make the hierarchy 6 levels deep; "
        "at most 5 are allowed."
    )
    assert not PartnerAccount.objects.filter(name="Too Deep").exists()
    assert PartnerAccount.objects.count() == 5


def test_a_refused_create_leaves_no_sharing_group(db):
    from django.contrib.auth.models import Group

    companies = chain(5)
    groups = Group.objects.count()
    with pytest.raises(HierarchyInvalid):
        partner_account_create(actor=None, name="Too Deep", parent=companies[-1])
    assert Group.objects.count() == groups


def test_a_cycle_is_refused_and_nothing_changes(db):
    top, _middle, bottom = chain(3)
    before = parents()
    with pytest.raises(HierarchyInvalid):
        partner_account_update(actor=None, account=top, parent=bottom)
    assert parents() == before


def test_a_company_cannot_be_its_own_parent(db):
    company = PartnerAccountFactory.create()
    with pytest.raises(HierarchyInvalid):
        partner_account_update(actor=None, account=company, parent=company)
    company.refresh_from_db()
    assert company.parent_id is None


def test_moving_a_subtree_that_would_exceed_five_levels_is_refused(db):
    upper = chain(3)
    subtree = chain(3)
    before = parents()
    with pytest.raises(HierarchyInvalid) as raised:
        partner_account_update(actor=None, account=subtree[0], parent=upper[-1])
    assert "6 levels deep" in raised.value.message
    assert parents() == before


def test_moving_a_subtree_that_fits_in_five_levels_is_allowed(db):
    upper = chain(2)
    subtree = chain(3)
    partner_account_update(actor=None, account=subtree[0], parent=upper[-1])
    subtree[0].refresh_from_db()
    assert subtree[0].parent_id == upper[-1].pk
