"""The one definition of who may act, and the services that check it themselves."""

from __future__ import annotations

import pytest

from accounts.selectors import (
    is_vendor_admin,
    partner_admin_membership,
    partner_admin_require,
    partner_admins,
    vendor_admin_require,
)
from accounts.services.invitations import invitation_create
from accounts.services.memberships import (
    membership_update,
    partner_account_create,
    partner_account_set_active,
    user_set_active,
)
from accounts.services.seats import seat_pool_set
from core.errors import NotPermitted
from portal.services.sharing import share_grant
from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory


@pytest.fixture
def admin(plenty_of_seats, company, member):
    return member(company, is_partner_admin=True)


def test_a_partner_admin_is_an_active_admin_membership_of_an_active_user_and_company(
    admin, company
):
    assert partner_admin_membership(admin.user) == admin
    assert partner_admin_membership(admin.user, company) == admin
    assert partner_admin_membership(admin.user, PartnerAccountFactory.create()) is None
    assert partner_admins(company) == [admin.user]


@pytest.mark.parametrize("lapse", ["membership", "user", "company", "flag"])
def test_a_lapsed_partner_admin_is_no_partner_admin_anywhere(lapse, admin, company):
    if lapse == "membership":
        membership_update(actor=None, membership=admin, is_active=False)
    elif lapse == "user":
        user_set_active(actor=None, user=admin.user, is_active=False)
    elif lapse == "company":
        partner_account_set_active(actor=None, account=company, is_active=False)
    else:
        membership_update(actor=None, membership=admin, is_partner_admin=False)
    assert partner_admin_membership(admin.user) is None
    assert partner_admins(company) == []
    with pytest.raises(NotPermitted, match="Only the admin"):
        partner_admin_require(admin.user, company, message="Only the admin.")


def test_the_system_passes_both_checks_and_nobody_else_does(company, member, staff):
    partner_admin_require(None, company, message="Only the admin.")
    vendor_admin_require(None, "accounts.change_membership", what="change memberships")
    plain = member(company).user
    with pytest.raises(NotPermitted, match=r"^Only vendor admins may change memberships\.$"):
        vendor_admin_require(plain, "accounts.change_membership", what="change memberships")
    with pytest.raises(NotPermitted, match="Only the admin"):
        partner_admin_require(plain, company, message="Only the admin.")


def test_a_vendor_admin_is_active_staff_holding_the_permission(staff, company, member):
    perm = "accounts.change_membership"
    assert is_vendor_admin(staff, perm)
    assert not is_vendor_admin(StaffFactory.create(), perm)  # staff without the permission
    assert not is_vendor_admin(member(company).user, perm)
    assert not is_vendor_admin(None, perm)
    user_set_active(actor=None, user=staff, is_active=False)
    staff.refresh_from_db()
    assert not is_vendor_admin(staff, perm)
    assert is_vendor_admin(StaffFactory.create(is_superuser=True), perm)


def test_the_services_check_the_actor_themselves(company, member, staff):
    plain_staff = StaffFactory.create()
    membership = member(company)
    lead = LeadFactory.create()
    refusals = [
        lambda: partner_account_create(actor=plain_staff, name="Nope Ltd"),
        lambda: membership_update(actor=plain_staff, membership=membership, role=2),
        lambda: user_set_active(actor=plain_staff, user=membership.user, is_active=False),
        lambda: seat_pool_set(actor=plain_staff, seats_purchased=5),
        lambda: invitation_create(
            actor=plain_staff, email="x@p.example.com", partner_account=company
        ),
        lambda: share_grant(
            actor=plain_staff, records=[lead], level="read", partner_account=company
        ),
    ]
    for refused in refusals:
        with pytest.raises(NotPermitted, match=r"^Only vendor admins may "):
            refused()
    membership.refresh_from_db()
    assert membership.role == 1 and membership.user.is_active
    membership_update(actor=staff, membership=membership, role=2)
    assert membership.__class__.objects.get(pk=membership.pk).role == 2
