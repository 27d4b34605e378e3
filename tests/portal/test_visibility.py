"""The six visibility rules of SPEC *Visibility*, and what refreshes them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from accounts.services.memberships import (
    membership_update,
    partner_account_set_active,
    partner_account_update,
    user_set_active,
)
from portal.models import Account, Lead, LeadAccess, Opportunity, Reason
from portal.selectors.records import (
    accounts_visible_to,
    contacts_visible_to,
    leads_visible_to,
    opportunities_visible_to,
    record_access_for,
    visibility_explain,
    visible_count,
)
from portal.services.sharing import share_grant, share_revoke
from tests.factories import (
    AccountFactory,
    ContactFactory,
    LeadFactory,
    OpportunityFactory,
    PartnerAccountFactory,
)

Member = Callable[..., Membership]
U, M, E = PartnerRole.USER, PartnerRole.MANAGER, PartnerRole.EXECUTIVE


def seen(user: User) -> set[int]:
    return set(leads_visible_to(user).values_list("pk", flat=True))


def user_in(company: PartnerAccount, member: Member, role: int = U, **flags: bool) -> User:
    return member(company, role, **flags).user


def chain(length: int, role_count: int = 3) -> list[PartnerAccount]:
    """Partner companies, each the child of the one before."""
    companies = [PartnerAccountFactory.create(role_count=role_count)]
    for _ in range(length - 1):
        companies.append(PartnerAccountFactory.create(parent=companies[-1]))
    return companies


# Rule 1: the owner.


def test_owner_sees_their_own_lead_and_opportunity(company, member):
    owner = user_in(company, member)
    lead = LeadFactory.create(owner=owner)
    opportunity = OpportunityFactory.create(owner=owner)
    assert seen(owner) == {lead.pk}
    assert list(opportunities_visible_to(owner)) == [opportunity]
    assert record_access_for(owner, lead).reasons == [Reason.OWNER]  # type: ignore[union-attr]


# Rule 2: a role above the owner's in the same company.


@pytest.mark.parametrize(("viewer_role", "owner_role"), [(M, U), (E, U), (E, M)])
def test_role_above_the_owner_sees_the_lead(company, member, viewer_role, owner_role):
    viewer = user_in(company, member, viewer_role)
    lead = LeadFactory.create(owner=user_in(company, member, owner_role))
    assert seen(viewer) == {lead.pk}
    assert record_access_for(viewer, lead).reasons == [Reason.ROLE_ABOVE_OWNER]  # type: ignore[union-attr]


@pytest.mark.parametrize(("viewer_role", "owner_role"), [(U, U), (M, M), (E, E), (U, M), (M, E)])
def test_same_or_lower_role_does_not_see_the_lead(company, member, viewer_role, owner_role):
    viewer = user_in(company, member, viewer_role)
    LeadFactory.create(owner=user_in(company, member, owner_role))
    assert seen(viewer) == set()
    assert Lead.objects.count() == 1


def test_role_above_in_another_company_does_not_see_the_lead(company, member):
    other = PartnerAccountFactory.create()
    viewer = user_in(other, member, E)
    LeadFactory.create(owner=user_in(company, member, U))
    assert seen(viewer) == set()


# Rule 3: a super user sees the same and lower roles (leads and opportunities only).


def test_super_user_sees_leads_of_the_same_and_lower_role(company, member):
    viewer = user_in(company, member, M, is_super_user=True)
    same = LeadFactory.create(owner=user_in(company, member, M))
    lower = LeadFactory.create(owner=user_in(company, member, U))
    assert seen(viewer) == {same.pk, lower.pk}
    assert record_access_for(viewer, same).reasons == [Reason.SUPER_USER]  # type: ignore[union-attr]


def test_super_user_does_not_see_leads_of_a_higher_role(company, member):
    viewer = user_in(company, member, M, is_super_user=True)
    LeadFactory.create(owner=user_in(company, member, E))
    assert seen(viewer) == set()


def test_super_user_sees_opportunities_of_the_same_role(company, member):
    viewer = user_in(company, member, U, is_super_user=True)
    opportunity = OpportunityFactory.create(owner=user_in(company, member, U))
    assert list(opportunities_visible_to(viewer)) == [opportunity]


def test_super_user_rule_does_not_apply_to_accounts(company, member):
    viewer = user_in(company, member, M, is_super_user=True)
    colleague = user_in(company, member, M)
    account = AccountFactory.create(owner=colleague)
    lead = LeadFactory.create(owner=colleague)
    assert seen(viewer) == {lead.pk}
    assert list(accounts_visible_to(viewer)) == []
    assert record_access_for(viewer, account) is None


def test_role_above_the_owner_sees_the_account(company, member):
    viewer = user_in(company, member, M)
    account = AccountFactory.create(owner=user_in(company, member, U))
    assert list(accounts_visible_to(viewer)) == [account]


# Rule 4: a company-wide share, Read or Read/Write.


def test_company_share_read_lets_every_member_see_but_not_edit(company, member, staff):
    members = [user_in(company, member, role) for role in (U, M, E)]
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", partner_account=company)
    for viewer in members:
        access = record_access_for(viewer, lead)
        assert access is not None
        assert (access.reasons, access.can_edit) == ([Reason.COMPANY_SHARE], False)


def test_company_share_read_write_lets_members_edit(company, member, staff):
    viewer = user_in(company, member)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    access = record_access_for(viewer, lead)
    assert access is not None
    assert (access.reasons, access.can_edit) == ([Reason.COMPANY_SHARE], True)


def test_company_share_does_not_reach_another_company(company, member, staff):
    outsider = user_in(PartnerAccountFactory.create(), member, E)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    assert seen(outsider) == set()


# Rule 5: a personal share.


def test_personal_share_lets_only_that_user_see(company, member, staff):
    viewer = user_in(company, member)
    colleague = user_in(company, member)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", user=viewer)
    assert seen(viewer) == {lead.pk}
    assert seen(colleague) == set()
    assert record_access_for(viewer, lead).can_edit is False  # type: ignore[union-attr]


def test_personal_share_read_write_lets_the_user_edit(company, member, staff):
    viewer = user_in(company, member)
    opportunity = OpportunityFactory.create(owner=staff)
    share_grant(actor=staff, records=[opportunity], level="edit", user=viewer)
    access = record_access_for(viewer, opportunity)
    assert access is not None
    assert (access.reasons, access.can_edit) == ([Reason.PERSONAL_SHARE], True)


# Rule 6: the top role of a parent company, up to five levels.


def test_top_role_of_a_parent_sees_the_child_company_records(member):
    parent, child = chain(2)
    viewer = user_in(parent, member, E)
    lead = LeadFactory.create(owner=user_in(child, member, E))
    assert seen(viewer) == {lead.pk}
    assert record_access_for(viewer, lead).reasons == [Reason.PARENT_ACCOUNT]  # type: ignore[union-attr]


def test_top_role_of_the_root_sees_records_five_levels_down(member):
    companies = chain(5)
    viewer = user_in(companies[0], member, E)
    leads = {LeadFactory.create(owner=user_in(c, member)).pk for c in companies[1:]}
    assert seen(viewer) == leads


def test_non_top_roles_of_a_parent_do_not_see_child_records(member):
    parent, child = chain(2)
    manager = user_in(parent, member, M)
    super_manager = user_in(parent, member, M, is_super_user=True)
    LeadFactory.create(owner=user_in(child, member, U))
    assert seen(manager) == set()
    assert seen(super_manager) == set()


def test_manager_is_the_top_role_of_a_parent_using_two_roles(member):
    parent, child = chain(2, role_count=2)
    viewer = user_in(parent, member, M)
    lead = LeadFactory.create(owner=user_in(child, member, E))
    assert seen(viewer) == {lead.pk}


def test_top_role_of_a_company_using_fewer_roles_does_not_count_for_a_three_role_parent(member):
    # A Manager tops a two-role company, but in a three-role parent the Manager is not the top.
    parent, child = chain(2, role_count=3)
    two_role_child_top = user_in(
        PartnerAccountFactory.create(role_count=2, parent=parent), member, M
    )
    parent_manager = user_in(parent, member, M)
    lead = LeadFactory.create(owner=user_in(child, member, U))
    assert seen(parent_manager) == set()
    assert seen(two_role_child_top) == set()
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_child_top_role_does_not_see_the_parent_company_records(member):
    parent, child = chain(2)
    viewer = user_in(child, member, E)
    LeadFactory.create(owner=user_in(parent, member, U))
    assert seen(viewer) == set()


# Other companies, inactive people, vendor staff.


def test_other_companies_see_nothing(company, member, staff):
    outsider = user_in(PartnerAccountFactory.create(), member, E, is_super_user=True)
    LeadFactory.create(owner=user_in(company, member))
    OpportunityFactory.create(owner=user_in(company, member))
    AccountFactory.create(owner=user_in(company, member))
    assert visible_count(Lead, outsider) == 0
    assert visible_count(Opportunity, outsider) == 0
    assert visible_count(Account, outsider) == 0


def test_inactive_user_loses_access_and_regains_it_when_reactivated(company, member, staff):
    viewer = user_in(company, member, M)
    lead = LeadFactory.create(owner=user_in(company, member))
    user_set_active(actor=staff, user=viewer, is_active=False)
    assert LeadAccess.objects.filter(user=viewer).count() == 0
    viewer.refresh_from_db()
    assert seen(viewer) == set()
    user_set_active(actor=staff, user=viewer, is_active=True)
    viewer.refresh_from_db()
    assert seen(viewer) == {lead.pk}


def test_inactive_membership_loses_access(company, member, staff):
    membership = member(company, M)
    LeadFactory.create(owner=user_in(company, member))
    membership_update(actor=staff, membership=membership, is_active=False)
    assert seen(membership.user) == set()
    assert LeadAccess.objects.filter(user=membership.user).count() == 0


def test_inactive_company_loses_access(company, member, staff):
    viewer = user_in(company, member, M)
    lead = LeadFactory.create(owner=viewer)
    share_grant(
        actor=staff,
        records=[LeadFactory.create(owner=staff)],
        level="read",
        partner_account=company,
    )
    partner_account_set_active(actor=staff, account=company, is_active=False)
    assert seen(viewer) == set()
    assert Lead.objects.filter(pk=lead.pk, owner=viewer).exists()


def test_vendor_staff_see_every_record(company, member, staff):
    leads = {LeadFactory.create(owner=user_in(company, member)).pk, LeadFactory.create().pk}
    assert seen(staff) == leads
    assert record_access_for(staff, Lead.objects.first()).is_vendor is True  # type: ignore[union-attr,arg-type]


# Changes refresh access.


def test_promotion_and_demotion_refresh_access(company, member, staff):
    membership = member(company, U)
    lead = LeadFactory.create(owner=user_in(company, member, U))
    membership_update(actor=staff, membership=membership, role=M)
    assert seen(membership.user) == {lead.pk}
    membership_update(actor=staff, membership=membership, role=U)
    assert seen(membership.user) == set()


def test_super_user_flag_change_refreshes_access(company, member, staff):
    membership = member(company, U)
    lead = LeadFactory.create(owner=user_in(company, member, U))
    membership_update(actor=staff, membership=membership, is_super_user=True)
    assert seen(membership.user) == {lead.pk}
    membership_update(actor=staff, membership=membership, is_super_user=False)
    assert seen(membership.user) == set()


def test_reparenting_refreshes_access(member, staff):
    parent = PartnerAccountFactory.create()
    child = PartnerAccountFactory.create()
    viewer = user_in(parent, member, E)
    lead = LeadFactory.create(owner=user_in(child, member))
    assert seen(viewer) == set()
    partner_account_update(actor=staff, account=child, parent=parent)
    assert seen(viewer) == {lead.pk}
    partner_account_update(actor=staff, account=child, parent=None)
    assert seen(viewer) == set()


def test_unshare_removes_access(company, member, staff):
    viewer = user_in(company, member)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    share_grant(actor=staff, records=[lead], level="read", user=viewer)
    share_revoke(actor=staff, records=[lead], partner_account=company)
    assert record_access_for(viewer, lead).reasons == [Reason.PERSONAL_SHARE]  # type: ignore[union-attr]
    share_revoke(actor=staff, records=[lead], user=viewer)
    assert seen(viewer) == set()


def test_changing_the_owner_refreshes_access(company, member, staff):
    from portal.services.records import record_save

    viewer = user_in(company, member)
    lead = LeadFactory.create(owner=viewer)
    lead.owner = staff
    record_save(actor=staff, record=lead)
    assert seen(viewer) == set()
    assert Lead.objects.get(pk=lead.pk).partner_account_id is None


# Accounts and contacts.


def test_contacts_follow_their_account(company, member, staff):
    viewer = user_in(company, member)
    shown = AccountFactory.create(owner=staff)
    hidden = AccountFactory.create(owner=staff)
    contact = ContactFactory.create(owner=staff, account=shown)
    ContactFactory.create(owner=staff, account=hidden)
    assert list(contacts_visible_to(viewer)) == []
    share_grant(actor=staff, records=[shown], level="read", partner_account=company)
    assert list(contacts_visible_to(viewer)) == [contact]
    assert record_access_for(viewer, contact).can_edit is False  # type: ignore[union-attr]


def test_account_is_readable_through_a_visible_opportunity(company, member, staff):
    viewer = user_in(company, member)
    account = AccountFactory.create(owner=staff)
    contact = ContactFactory.create(owner=staff, account=account)
    opportunity = OpportunityFactory.create(owner=staff, account=account)
    share_grant(actor=staff, records=[opportunity], level="edit", user=viewer)
    access = record_access_for(viewer, account)
    assert access is not None
    assert (access.through_opportunity, access.can_edit) == (True, False)
    assert list(accounts_visible_to(viewer)) == [account]
    assert list(contacts_visible_to(viewer)) == [contact]


# Explanations.


def test_explain_says_the_viewer_owns_it(company, member):
    owner = user_in(company, member)
    assert visibility_explain(owner, LeadFactory.create(owner=owner)) == ["You own it."]


def test_explain_names_both_roles_for_a_role_above_the_owner(company, member):
    viewer = user_in(company, member, E)
    lead = LeadFactory.create(owner=user_in(company, member, M))
    assert visibility_explain(viewer, lead) == [
        "Your role (Executive) is above the owner's (Manager) in Acme Partners."
    ]


def test_explain_names_the_super_user_rule(company, member):
    viewer = user_in(company, member, M, is_super_user=True)
    lead = LeadFactory.create(owner=user_in(company, member, M))
    assert visibility_explain(viewer, lead) == [
        "You are a super user in Acme Partners and the owner's role (Manager) is the same "
        "as or lower than yours (Manager)."
    ]


def test_explain_names_the_company_share_and_its_level(company, member, staff):
    viewer = user_in(company, member)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="edit", partner_account=company)
    assert visibility_explain(viewer, lead) == [
        "It is shared with your whole company, Acme Partners (Read/Write)."
    ]


def test_explain_names_the_personal_share_and_its_level(company, member, staff):
    viewer = user_in(company, member)
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", user=viewer)
    assert visibility_explain(viewer, lead) == ["It is shared with you personally (Read)."]


def test_explain_names_the_parent_account(member):
    parent = PartnerAccountFactory.create(name="Parent Co")
    child = PartnerAccountFactory.create(name="Child Co", parent=parent)
    viewer = user_in(parent, member, E)
    lead = LeadFactory.create(owner=user_in(child, member))
    assert visibility_explain(viewer, lead) == [
        "You hold the top role (Executive) of Parent Co, a parent account of the owner's "
        "company, Child Co."
    ]


def test_explain_lists_every_reason_in_order(company, member, staff):
    viewer = user_in(company, member, M)
    lead = LeadFactory.create(owner=user_in(company, member, U))
    share_grant(actor=staff, records=[lead], level="read", partner_account=company)
    assert visibility_explain(viewer, lead) == [
        "Your role (Manager) is above the owner's (User) in Acme Partners.",
        "It is shared with your whole company, Acme Partners (Read).",
    ]


def test_explain_for_vendor_staff_and_the_channel_manager(staff, member):
    company = PartnerAccountFactory.create(name="Managed Co", channel_manager=staff)
    lead = LeadFactory.create(owner=user_in(company, member))
    assert visibility_explain(staff, lead) == [
        "You are vendor staff: vendor staff see every record.",
        "You are the channel manager of Managed Co.",
    ]


def test_explain_for_an_account_seen_through_an_opportunity(company, member, staff):
    viewer = user_in(company, member)
    account = AccountFactory.create(owner=staff)
    opportunity = OpportunityFactory.create(owner=staff, account=account)
    share_grant(actor=staff, records=[opportunity], level="read", user=viewer)
    assert visibility_explain(viewer, account) == [
        "You can see an opportunity on this account, which lets you read the account."
    ]


def test_explain_is_empty_when_the_record_is_not_visible(company, member, staff):
    viewer = user_in(company, member)
    assert visibility_explain(viewer, LeadFactory.create(owner=staff)) == []


def test_explain_gives_each_namesake_their_own_share_level(company, member, staff):
    reader, writer = member(company).user, member(company).user
    for person in (reader, writer):
        person.first_name, person.last_name = "John", "Smith"
        person.save()
    lead = LeadFactory.create(owner=staff)
    share_grant(actor=staff, records=[lead], level="read", user=reader)
    share_grant(actor=staff, records=[lead], level="edit", user=writer)
    assert visibility_explain(reader, lead) == ["It is shared with you personally (Read)."]
