"""Twenty people asking for the last three seats at once: the pool lock lets exactly three in."""

from __future__ import annotations

import pytest

from accounts.errors import SeatLimitReached
from accounts.models import Membership
from accounts.services.memberships import membership_update
from accounts.services.seats import seat_pool_set, seat_summary
from tests.factories import MembershipFactory, PartnerAccountFactory
from tests.helpers.concurrency import race

THREADS = 20
PURCHASED = 5
TAKEN_BEFORE = 2

pytestmark = [pytest.mark.postgres]


def _outcome(result: object) -> str:
    """How one request for the export permission went; any other failure must show."""
    if isinstance(result, SeatLimitReached):
        return "refused"
    if isinstance(result, Exception):
        return f"error: {result!r}"
    return "granted"


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_grants_for_three_free_seats_let_exactly_three_in():
    seat_pool_set(actor=None, seats_purchased=PURCHASED)
    company = PartnerAccountFactory.create()
    for _ in range(TAKEN_BEFORE):
        MembershipFactory.create(partner_account=company, is_partner_admin=True)
    members = [MembershipFactory.create(partner_account=company) for _ in range(THREADS)]
    assert seat_summary().free == 3

    results = race(
        THREADS,
        lambda index: membership_update(actor=None, membership=members[index], can_export=True),
    )
    outcomes = [_outcome(result) for result in results]

    assert sorted(outcomes) == ["granted"] * 3 + ["refused"] * 17
    assert Membership.objects.filter(pk__in=[m.pk for m in members], can_export=True).count() == 3
    summary = seat_summary()
    assert (summary.used, summary.purchased) == (PURCHASED, PURCHASED)
