"""Concurrent recomputations of the same records' access never fail on the unique constraint.

A big role change and an owner change of one of its records both rewrite that record's access
rows. Deleting the rows and inserting them again let the second transaction insert a row the
first had just committed (IntegrityError: unique_lead_access, a lost edit); writing only the
changes, with the insert turned into an update on conflict, lets both commit.
"""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from portal.models import Lead, LeadAccess
from portal.services.access import access_rebuild, access_rebuild_all
from tests.factories import LeadFactory, MembershipFactory, PartnerAccountFactory
from tests.helpers.concurrency import race

THREADS = 8

pytestmark = [pytest.mark.postgres]


def _content() -> set[tuple[int, int, int, bool]]:
    return set(LeadAccess.objects.values_list("user_id", "record_id", "reasons", "can_edit"))


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_rebuilds_of_the_same_records_all_commit_and_agree():
    company = PartnerAccountFactory.create(role_count=3)
    members = [
        MembershipFactory.create(partner_account=company, role=role)
        for role in (PartnerRole.USER, PartnerRole.MANAGER, PartnerRole.EXECUTIVE)
    ]
    leads = [LeadFactory.create(owner=members[n % 3].user) for n in range(60)]
    ids = [lead.pk for lead in leads]
    # Rows to change under the racing rebuilds: the leads move to the first member.
    Lead.objects.filter(pk__in=ids).update(owner=members[0].user)

    results = race(THREADS, lambda index: access_rebuild(model=Lead, record_ids=ids))

    assert [r for r in results if isinstance(r, Exception)] == []
    got = _content()
    access_rebuild_all()
    assert got == _content()
