"""Memberships and partner companies: roles a company uses, and changes to its details."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.errors import RoleNotUsed
from accounts.models import Membership, PartnerAccount, PartnerRole
from accounts.services.memberships import (
    membership_create,
    membership_update,
    membership_update_by_partner_admin,
    partner_account_create,
    partner_account_update,
)
from core.errors import NotPermitted
from tests.factories import PartnerAccountFactory, UserFactory


def test_creating_a_company_creates_its_sharing_group(db):
    company = partner_account_create(actor=None, name="Globex Partners", role_count=2)
    assert company.group.name == "Partner account: Globex Partners"
    assert company.top_role == PartnerRole.MANAGER


def test_renaming_a_company_renames_its_group(company):
    partner_account_update(actor=None, account=company, name="Acme Channel")
    assert Group.objects.get(pk=company.group_id).name == "Partner account: Acme Channel"


def test_member_with_a_role_the_company_does_not_use_is_refused(db):
    company = PartnerAccountFactory.create(name="Two Roles", role_count=2)
    user = UserFactory.create()
    with pytest.raises(RoleNotUsed) as raised:
        membership_create(
            actor=None, user=user, partner_account=company, role=PartnerRole.EXECUTIVE
        )
    assert raised.value.message == (
        "Two Roles uses only these partner roles: User, Manager. Executive is not one of them."
    )
    assert not Membership.objects.filter(user=user).exists()


def test_promoting_above_the_company_roles_is_refused_and_changes_nothing(db, member):
    company = PartnerAccountFactory.create(role_count=1)
    membership = member(company)
    with pytest.raises(RoleNotUsed):
        membership_update(actor=None, membership=membership, role=PartnerRole.MANAGER)
    membership.refresh_from_db()
    assert membership.role == PartnerRole.USER


def test_dropping_a_role_that_members_hold_is_refused(company, member):
    member(company, PartnerRole.EXECUTIVE)
    with pytest.raises(RoleNotUsed) as raised:
        partner_account_update(actor=None, account=company, role_count=2)
    assert raised.value.message == "1 member holds a role above Manager; change their roles first."
    assert PartnerAccount.objects.get(pk=company.pk).role_count == 3


def test_dropping_an_unused_role_is_allowed(company, member):
    member(company, PartnerRole.MANAGER)
    partner_account_update(actor=None, account=company, role_count=2)
    assert PartnerAccount.objects.get(pk=company.pk).role_count == 2


def test_unknown_membership_fields_are_refused(company, member):
    membership = member(company)
    with pytest.raises(TypeError):
        membership_update(actor=None, membership=membership, partner_account=company)
    with pytest.raises(TypeError):
        partner_account_update(actor=None, account=company, group=None)


class TestPartnerAdminChanges:
    """membership_update_by_partner_admin: the role of a colleague, and nothing else."""

    @pytest.fixture
    def admin(self, company, member, plenty_of_seats):
        return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user

    @pytest.fixture
    def colleague(self, company, member):
        return member(company, PartnerRole.USER)

    def test_a_partner_admin_changes_a_colleagues_role(self, admin, colleague):
        membership_update_by_partner_admin(
            actor=admin, membership=colleague, role=PartnerRole.MANAGER
        )
        colleague.refresh_from_db()
        assert colleague.role == PartnerRole.MANAGER

    def test_flags_are_refused_and_nothing_changes(self, admin, colleague):
        with pytest.raises(NotPermitted, match="Partner admins change roles only"):
            membership_update_by_partner_admin(
                actor=admin, membership=colleague, role=PartnerRole.MANAGER, can_export=True
            )
        colleague.refresh_from_db()
        assert (colleague.role, colleague.can_export) == (PartnerRole.USER, False)

    def test_another_companys_admin_and_a_plain_member_are_refused(self, admin, colleague, member):
        other = member(PartnerAccountFactory.create(), PartnerRole.EXECUTIVE, is_partner_admin=True)
        plain = member(colleague.partner_account, PartnerRole.EXECUTIVE)
        for actor in (other.user, plain.user):
            with pytest.raises(NotPermitted, match="Only a partner admin of this company"):
                membership_update_by_partner_admin(
                    actor=actor, membership=colleague, role=PartnerRole.MANAGER
                )
        colleague.refresh_from_db()
        assert colleague.role == PartnerRole.USER
