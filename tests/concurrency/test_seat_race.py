"""Twenty people asking for the last three seats at once: the pool lock lets exactly three in."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.errors import SeatLimitReached
from accounts.models import Membership
from accounts.services.memberships import membership_update
from accounts.services.seats import seat_pool_set, seat_summary
from tests.factories import MembershipFactory, PartnerAccountFactory

THREADS = 20
PURCHASED = 5
TAKEN_BEFORE = 2

pytestmark = [
    pytest.mark.postgres,
]


def _grant_export(membership: Membership, barrier: threading.Barrier, outcomes: list[str]) -> None:
    """Wait for every thread, then ask for the export permission; note how it went."""
    try:
        barrier.wait(timeout=30)
        membership_update(actor=None, membership=membership, can_export=True)
        outcomes.append("granted")
    except SeatLimitReached:
        outcomes.append("refused")
    except Exception as error:  # any other failure must show in the assertion
        outcomes.append(f"error: {error!r}")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_grants_for_three_free_seats_let_exactly_three_in():
    seat_pool_set(actor=None, seats_purchased=PURCHASED)
    company = PartnerAccountFactory.create()
    for _ in range(TAKEN_BEFORE):
        MembershipFactory.create(partner_account=company, is_partner_admin=True)
    members = [MembershipFactory.create(partner_account=company) for _ in range(THREADS)]
    assert seat_summary().free == 3

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    threads = [threading.Thread(target=_grant_export, args=(m, barrier, outcomes)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["granted"] * 3 + ["refused"] * 17
    assert Membership.objects.filter(pk__in=[m.pk for m in members], can_export=True).count() == 3
    summary = seat_summary()
    assert (summary.used, summary.purchased) == (PURCHASED, PURCHASED)
