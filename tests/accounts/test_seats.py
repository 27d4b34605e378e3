"""PRM seats: taken by the partner-admin and export capabilities, freed by revoking or leaving."""

from __future__ import annotations

import pytest

from accounts.errors import SeatLimitReached, SeatPoolBelowUsage
from accounts.models import Membership, SeatPool, User
from accounts.services.memberships import (
    membership_create,
    membership_update,
    partner_account_set_active,
    user_set_active,
)
from accounts.services.seats import seat_holders, seat_pool_set, seat_summary
from tests.factories import PartnerAccountFactory, UserFactory


def used() -> int:
    return seat_summary().used


def flags(membership: Membership) -> tuple[bool, bool]:
    membership.refresh_from_db()
    return membership.is_partner_admin, membership.can_export


@pytest.mark.parametrize("flag", ["is_partner_admin", "can_export"])
def test_granting_partner_admin_or_export_takes_one_seat(seats, company, member, flag):
    seats(3)
    membership = member(company)
    membership_update(actor=None, membership=membership, **{flag: True})
    assert used() == 1
    assert list(seat_holders()) == [membership]


def test_both_flags_still_take_one_seat(seats, company, member):
    seats(3)
    membership = member(company, is_partner_admin=True)
    membership_update(actor=None, membership=membership, can_export=True)
    assert flags(membership) == (True, True)
    assert used() == 1


def test_granting_when_the_pool_is_full_is_refused_and_changes_nothing(seats, company, member):
    seats(1)
    member(company, can_export=True)
    membership = member(company)
    with pytest.raises(SeatLimitReached) as raised:
        membership_update(actor=None, membership=membership, can_export=True)
    assert raised.value.message == (
        f"Granting {membership.user} a seat capability needs 1 PRM seat, but 0 of 1 are free. "
        "Buy more seats or free one by revoking a partner admin or export permission."
    )
    assert flags(membership) == (False, False)
    assert used() == 1


def test_creating_a_member_with_a_seat_capability_when_full_creates_nothing(seats, company):
    seats(0)
    user = UserFactory.create()
    with pytest.raises(SeatLimitReached):
        membership_create(actor=None, user=user, partner_account=company, is_partner_admin=True)
    assert not Membership.objects.filter(user=user).exists()
    assert used() == 0


def test_changing_other_fields_of_a_seat_holder_needs_no_free_seat(seats, company, member):
    seats(1)
    membership = member(company, can_export=True)
    membership_update(actor=None, membership=membership, is_partner_admin=True, role=2)
    assert flags(membership) == (True, True)
    assert used() == 1


def test_revoking_both_flags_frees_the_seat(seats, company, member):
    seats(1)
    membership = member(company, is_partner_admin=True, can_export=True)
    membership_update(actor=None, membership=membership, is_partner_admin=False)
    assert used() == 1
    membership_update(actor=None, membership=membership, can_export=False)
    assert used() == 0
    membership_update(actor=None, membership=member(company), can_export=True)
    assert used() == 1


def test_deactivating_the_user_frees_the_seat(seats, company, member):
    seats(1)
    membership = member(company, can_export=True)
    user_set_active(actor=None, user=membership.user, is_active=False)
    assert used() == 0
    assert flags(membership) == (False, True)


def test_deactivating_the_membership_frees_the_seat(seats, company, member):
    seats(1)
    membership = member(company, can_export=True)
    membership_update(actor=None, membership=membership, is_active=False)
    assert used() == 0


def test_deactivating_the_company_frees_its_members_seats(seats, company, member):
    seats(2)
    member(company, can_export=True)
    member(company, is_partner_admin=True)
    partner_account_set_active(actor=None, account=company, is_active=False)
    assert used() == 0


def test_reactivating_a_user_when_the_pool_is_full_is_refused(seats, company, member):
    seats(1)
    leaver = member(company, can_export=True).user
    user_set_active(actor=None, user=leaver, is_active=False)
    member(company, is_partner_admin=True)
    with pytest.raises(SeatLimitReached):
        user_set_active(actor=None, user=leaver, is_active=True)
    assert User.objects.get(pk=leaver.pk).is_active is False
    assert used() == 1


def test_reactivating_a_company_when_the_pool_is_full_is_refused(seats, company, member):
    seats(2)
    member(company, can_export=True)
    member(company, is_partner_admin=True)
    partner_account_set_active(actor=None, account=company, is_active=False)
    member(PartnerAccountFactory.create(), can_export=True)
    with pytest.raises(SeatLimitReached):
        partner_account_set_active(actor=None, account=company, is_active=True)
    company.refresh_from_db()
    assert company.is_active is False
    assert used() == 1


def test_reactivating_a_user_without_a_seat_capability_needs_no_seat(seats, company, member):
    seats(0)
    leaver = member(company).user
    user_set_active(actor=None, user=leaver, is_active=False)
    user_set_active(actor=None, user=leaver, is_active=True)
    assert User.objects.get(pk=leaver.pk).is_active is True


def test_shrinking_the_pool_below_usage_is_refused(seats, company, member):
    seats(3)
    member(company, can_export=True)
    member(company, is_partner_admin=True)
    with pytest.raises(SeatPoolBelowUsage):
        seat_pool_set(actor=None, seats_purchased=1)
    assert SeatPool.objects.get().seats_purchased == 3
    assert seat_pool_set(actor=None, seats_purchased=2).seats_purchased == 2


@pytest.mark.parametrize(("holders", "warning"), [(8, False), (9, True), (10, True)])
def test_summary_warns_from_ninety_percent(seats, company, member, holders, warning):
    seats(10)
    for _ in range(holders):
        member(company, can_export=True)
    summary = seat_summary()
    assert (summary.purchased, summary.used, summary.free) == (10, holders, 10 - holders)
    assert summary.is_warning is warning
