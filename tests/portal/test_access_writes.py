"""Recomputing access writes only the rows whose reasons change, and ends as a full rebuild."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from accounts.services.memberships import membership_update
from portal.models import Lead, LeadAccess
from portal.services.access import access_rebuild, access_rebuild_all
from tests.factories import LeadFactory, MembershipFactory, PartnerAccountFactory

pytestmark = pytest.mark.django_db


def _rows() -> dict[tuple[int, int], tuple[int, int, bool]]:
    """(user, record) -> (row id, reasons, can edit) of every lead access row."""
    return {
        (row.user_id, row.record_id): (row.pk, row.reasons, row.can_edit)
        for row in LeadAccess.objects.all()
    }


def _content(rows: dict) -> dict:
    return {key: value[1:] for key, value in rows.items()}


@pytest.fixture
def team():
    company = PartnerAccountFactory.create(role_count=3)
    members = [
        MembershipFactory.create(partner_account=company, role=role)
        for role in (PartnerRole.USER, PartnerRole.USER, PartnerRole.MANAGER)
    ]
    for member in members:
        for _ in range(3):
            LeadFactory.create(owner=member.user)
    return members


def test_recomputing_unchanged_access_rewrites_no_row(team):
    before = _rows()
    assert before
    access_rebuild(model=Lead, record_ids=Lead.objects.values_list("pk", flat=True))
    assert _rows() == before  # the same rows, by id: nothing deleted and inserted again


def test_a_role_change_writes_only_the_rows_whose_reasons_change(team):
    _user, colleague, manager = team
    before = _rows()
    membership_update(actor=None, membership=colleague, role=PartnerRole.MANAGER)
    after = _rows()

    changed = {key for key in after if before.get(key) != after[key]}
    # The promoted colleague now sees the other user's leads (a role above their owner);
    # every other row is the row it was, with its id.
    assert changed
    assert {user_id for user_id, _ in changed} == {colleague.user_id}
    assert all(after[key][0] == before[key][0] for key in before.keys() & after.keys() - changed)
    # And the rows are exactly what a full rebuild makes.
    access_rebuild_all()
    assert _content(_rows()) == _content(after)
    assert manager.user_id in {user_id for user_id, _ in after}
