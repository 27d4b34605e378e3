"""The team page: partner admins see their company, change roles and request invitations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Invitation, Membership, PartnerRole
from tests.factories import PartnerAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(plenty_of_seats, company, member):
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True)


def test_partner_admin_sees_members_roles_and_seats(client, admin, company, member):
    colleague = member(company, PartnerRole.USER, can_export=True)
    member(PartnerAccountFactory.create(), PartnerRole.USER)
    client.force_login(admin.user)
    response = client.get(reverse("portal:team"))
    assert response.status_code == 200
    rows = {row["member"].pk: row["holds_seat"] for row in response.context["rows"]}
    assert rows == {admin.pk: True, colleague.pk: True}
    assert "2 of 1000 PRM seats in use" in response.content.decode()


def test_partner_admin_changes_a_colleagues_role(client, admin, company, member):
    colleague = member(company, PartnerRole.USER)
    client.force_login(admin.user)
    url = reverse("portal:team-member-update", args=[colleague.pk])
    response = client.post(url, {f"m{colleague.pk}-role": PartnerRole.MANAGER})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == PartnerRole.MANAGER


def test_role_the_company_does_not_use_is_refused_with_a_message(client, plenty_of_seats, member):
    small = PartnerAccountFactory.create(role_count=2)
    admin = member(small, PartnerRole.MANAGER, is_partner_admin=True)
    colleague = member(small, PartnerRole.USER)
    client.force_login(admin.user)
    url = reverse("portal:team-member-update", args=[colleague.pk])
    response = client.post(url, {f"m{colleague.pk}-role": PartnerRole.EXECUTIVE}, follow=True)
    assert "Choose one of the roles" in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.role == PartnerRole.USER


def test_member_of_another_company_is_not_found(client, admin, member):
    foreign = member(PartnerAccountFactory.create(), PartnerRole.USER)
    client.force_login(admin.user)
    url = reverse("portal:team-member-update", args=[foreign.pk])
    response = client.post(url, {f"m{foreign.pk}-role": PartnerRole.MANAGER})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == PartnerRole.USER


def test_non_admin_is_refused_the_team_page_and_its_actions(
    client, plenty_of_seats, company, member
):
    user = member(company, PartnerRole.EXECUTIVE)
    colleague = member(company, PartnerRole.USER)
    client.force_login(user.user)
    response = client.get(reverse("portal:team"))
    assert response.status_code == 403
    assert "Only partner admins" in response.content.decode()
    url = reverse("portal:team-member-update", args=[colleague.pk])
    assert client.post(url, {f"m{colleague.pk}-role": PartnerRole.MANAGER}).status_code == 403
    colleague.refresh_from_db()
    assert colleague.role == PartnerRole.USER
    invite = client.post(reverse("portal:team-invite"), {"email": "x@example.com", "role": 1})
    assert invite.status_code == 403
    assert Invitation.objects.count() == 0


def test_vendor_staff_are_refused_the_team_page(client, staff):
    client.force_login(staff)
    assert client.get(reverse("portal:team")).status_code == 403


def test_nav_shows_the_team_link_to_partner_admins_only(client, admin, company, member):
    client.force_login(admin.user)
    assert reverse("portal:team") in client.get(reverse("portal:home")).content.decode()
    client.force_login(member(company, PartnerRole.USER).user)
    assert reverse("portal:team") not in client.get(reverse("portal:home")).content.decode()


def test_invalid_invitation_form_shows_errors_and_requests_nothing(client, admin):
    client.force_login(admin.user)
    response = client.post(reverse("portal:team-invite"), {"email": "not-an-email", "role": 1})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]
    assert Invitation.objects.count() == 0


def test_partner_admin_requests_an_invitation(client, admin, company):
    client.force_login(admin.user)
    response = client.post(
        reverse("portal:team-invite"),
        {"email": "new.colleague@example.com", "role": PartnerRole.MANAGER, "can_export": "on"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.partner_account, invitation.role) == (
        "new.colleague@example.com",
        company,
        PartnerRole.MANAGER,
    )
    assert (invitation.can_export, invitation.is_partner_admin) == (True, False)
    assert Membership.objects.count() == 1


def test_invitation_refused_by_the_service_shows_its_message_as_a_form_error(client, admin):
    client.force_login(admin.user)
    response = client.post(
        reverse("portal:team-invite"), {"email": admin.user.email, "role": PartnerRole.USER}
    )
    assert response.status_code == 400
    assert f"{admin.user.email} is already a member of Acme Partners." in response.content.decode()
    assert Invitation.objects.count() == 0
