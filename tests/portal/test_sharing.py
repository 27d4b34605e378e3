"""Company-wide and personal shares: who may receive them, levels, and revoking."""

from __future__ import annotations

import pytest

from accounts.services.memberships import membership_update, partner_account_set_active
from portal.errors import ShareInvalid
from portal.models import (
    LeadAccess,
    LeadGroupObjectPermission,
    LeadUserObjectPermission,
    OpportunityAccess,
)
from portal.selectors.records import record_access_for
from portal.selectors.shares import shares_of
from portal.services.sharing import share_grant, share_revoke
from tests.factories import (
    AccountFactory,
    ContactFactory,
    LeadFactory,
    OpportunityFactory,
    PartnerAccountFactory,
)


def perm_rows() -> tuple[int, int]:
    return LeadGroupObjectPermission.objects.count(), LeadUserObjectPermission.objects.count()


def codenames(lead) -> set[str]:
    return set(
        LeadGroupObjectPermission.objects.filter(content_object=lead).values_list(
            "permission__codename", flat=True
        )
    )


def test_read_share_with_a_company_grants_view_only(company, staff):
    lead = LeadFactory.create(owner=staff)
    assert share_grant(actor=staff, records=[lead], level="read", partner_account=company) == 1
    assert codenames(lead) == {"view_lead"}
    assert shares_of(lead) == [("Acme Partners", "Read")]


def test_read_write_share_with_a_company_grants_view_and_change(company, staff):
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    assert codenames(lead) == {"view_lead", "change_lead"}
    assert shares_of(lead) == [("Acme Partners", "Read/Write")]


def test_granting_read_over_read_write_lowers_the_share(company, member, staff):
    viewer = member(company).user
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    share_grant(actor=staff, records=[lead], level="read", partner_account=company)
    assert codenames(lead) == {"view_lead"}
    assert record_access_for(viewer, lead).can_edit is False  # type: ignore[union-attr]


def test_shares_of_lists_companies_and_people(company, member, staff):
    viewer = member(company).user
    viewer.first_name, viewer.last_name = "Zoe", "Young"
    viewer.save()
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", partner_account=company)
    share_grant(actor=staff, records=[lead], level="edit", user=viewer)
    assert shares_of(lead) == [("Acme Partners", "Read"), ("Zoe Young", "Read/Write")]


def test_sharing_many_records_at_once_counts_them(company, member, staff):
    viewer = member(company).user
    opportunities = [OpportunityFactory.create(owner=staff) for _ in range(3)]
    assert share_grant(actor=staff, records=opportunities, level="read", user=viewer) == 3
    assert OpportunityAccess.objects.filter(user=viewer).count() == 3


def test_accounts_can_be_shared(company, member, staff):
    viewer = member(company).user
    account = AccountFactory.create(owner=staff)
    share_grant(actor=staff, records=[account], level="read", partner_account=company)
    assert record_access_for(viewer, account) is not None


def test_sharing_nothing_does_nothing(company, staff):
    assert share_grant(actor=staff, records=[], level="read", partner_account=company) == 0
    assert perm_rows() == (0, 0)


@pytest.mark.parametrize("targets", ["both", "neither"])
def test_share_needs_exactly_one_target(company, member, staff, targets):
    viewer = member(company).user
    lead = LeadFactory.create(owner=staff)
    chosen = {"partner_account": company, "user": viewer} if targets == "both" else {}
    with pytest.raises(ShareInvalid):
        share_grant(actor=staff, records=[lead], level="read", **chosen)
    assert perm_rows() == (0, 0)


def test_unknown_access_level_is_refused(company, staff):
    lead = LeadFactory.create(owner=staff)
    with pytest.raises(ShareInvalid):
        share_grant(actor=staff, records=[lead], level="owner", partner_account=company)  # type: ignore[arg-type]
    assert perm_rows() == (0, 0)


def test_sharing_with_an_inactive_company_is_refused(company, staff):
    partner_account_set_active(actor=staff, account=company, is_active=False)
    company.refresh_from_db()
    lead = LeadFactory.create(owner=staff)
    with pytest.raises(ShareInvalid) as raised:
        share_grant(actor=staff, records=[lead], level="read", partner_account=company)
    assert raised.value.message == "Acme Partners is inactive; activate it before sharing."
    assert perm_rows() == (0, 0)


def test_sharing_with_vendor_staff_is_refused(staff):
    lead = LeadFactory.create(owner=staff)
    with pytest.raises(ShareInvalid):
        share_grant(actor=staff, records=[lead], level="read", user=staff)
    assert perm_rows() == (0, 0)


def test_sharing_with_a_member_whose_membership_is_inactive_is_refused(company, member, staff):
    membership = member(company)
    membership_update(actor=staff, membership=membership, is_active=False)
    lead = LeadFactory.create(owner=staff)
    with pytest.raises(ShareInvalid):
        share_grant(actor=staff, records=[lead], level="read", user=membership.user)
    assert perm_rows() == (0, 0)
    assert LeadAccess.objects.count() == 0


def test_mixed_or_unshareable_records_are_refused(company, staff):
    lead = LeadFactory.create(owner=staff)
    opportunity = OpportunityFactory.create(owner=staff)
    with pytest.raises(ShareInvalid):
        share_grant(actor=staff, records=[lead, opportunity], level="read", partner_account=company)
    with pytest.raises(ShareInvalid):
        share_grant(
            actor=staff, records=[ContactFactory.create()], level="read", partner_account=company
        )
    assert perm_rows() == (0, 0)


def test_revoking_removes_read_and_write(company, member, staff):
    viewer = member(company).user
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    assert share_revoke(actor=staff, records=[lead], partner_account=company) == 1
    assert perm_rows() == (0, 0)
    assert shares_of(lead) == []
    assert record_access_for(viewer, lead) is None


def test_revoking_one_company_leaves_the_other_company_share(company, member, staff):
    other = PartnerAccountFactory.create(name="Other Co")
    other_viewer = member(other).user
    lead = LeadFactory.create(owner=staff)
    for target in (company, other):
        share_grant(actor=staff, records=[lead], level="read", partner_account=target)
    share_revoke(actor=staff, records=[lead], partner_account=company)
    assert shares_of(lead) == [("Other Co", "Read")]
    assert record_access_for(other_viewer, lead) is not None


def test_revoking_needs_exactly_one_target(company, member, staff):
    viewer = member(company).user
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", user=viewer)
    with pytest.raises(ShareInvalid):
        share_revoke(actor=staff, records=[lead], partner_account=company, user=viewer)
    assert perm_rows() == (0, 1)
    assert record_access_for(viewer, lead) is not None


def test_shares_of_lists_namesakes_separately(company, member, staff):
    reader, writer = member(company).user, member(company).user
    for person in (reader, writer):
        person.first_name, person.last_name = "John", "Smith"
        person.save()
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", user=reader)
    share_grant(actor=staff, records=[lead], level="edit", user=writer)
    assert sorted(level for _, level in shares_of(lead)) == ["Read", "Read/Write"]
