"""Django admin of accounts: every save goes through a service, refusals change nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    PartnerRole,
    SeatPool,
    User,
)
from accounts.services.invitations import invitation_create, invitation_request
from accounts.services.seats import seat_summary
from tests.factories import (
    AccountFactory,
    ContactFactory,
    LeadFactory,
    OpportunityFactory,
    PartnerAccountFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture
def admin_user(db) -> User:
    return StaffFactory.create(email="boss@vendor.example.com", is_superuser=True)


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _membership_data(membership: Membership, **changes) -> dict:
    data = {
        "role": membership.role,
        "is_super_user": membership.is_super_user,
        "is_partner_admin": membership.is_partner_admin,
        "can_export": membership.can_export,
        "is_active": membership.is_active,
    }
    data.update(changes)
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


@pytest.mark.parametrize(
    "model", ["user", "partneraccount", "membership", "invitation", "seatpool"]
)
def test_every_accounts_admin_list_renders(admin, plenty_of_seats, company, member, model):
    member(company, can_export=True)
    invitation_create(actor=None, email="i@p.example.com", partner_account=company, send=False)
    response = admin.get(reverse(f"admin:accounts_{model}_changelist"), follow=True)
    assert response.status_code == 200


def test_admin_index_links_the_mailbox_and_shows_the_seats(admin, seats, company, member):
    seats(10)
    member(company, is_partner_admin=True)
    body = admin.get(reverse("admin:index")).content.decode()
    assert reverse("devtools:mailbox") in body
    assert "1 of 10 used, 9 free." in body


def test_membership_grant_beyond_the_pool_shows_the_error_and_changes_nothing(
    admin, seats, company, member
):
    seats(1)
    member(company, is_partner_admin=True)
    browsing = member(company)
    url = reverse("admin:accounts_membership_change", args=[browsing.pk])

    response = admin.post(url, _membership_data(browsing, can_export=True))

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [
        f"Granting {browsing.user} a seat capability needs 1 PRM seat, but 0 of 1 are free. "
        "Buy more seats or free one by revoking a partner admin or export permission."
    ]
    browsing.refresh_from_db()
    assert browsing.can_export is False
    assert seat_summary().used == 1


def test_membership_add_beyond_the_pool_creates_nothing(admin, seats, company):
    seats(0)
    user = UserFactory.create()
    data = {"user": user.pk, "partner_account": company.pk, "role": 1, "can_export": "on"}
    response = admin.post(reverse("admin:accounts_membership_add"), data)
    assert response.status_code == 200
    assert "0 of 0 are free" in str(response.context["adminform"].form.non_field_errors())
    assert not Membership.objects.filter(user=user).exists()


def test_membership_add_and_change_go_through_the_service(admin, seats, company):
    seats(1)
    user = UserFactory.create()
    data = {"user": user.pk, "partner_account": company.pk, "role": 2, "can_export": "on"}
    response = admin.post(reverse("admin:accounts_membership_add"), data)
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.can_export) == (PartnerRole.MANAGER, True)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    assert admin.post(url, _membership_data(membership, can_export=False)).status_code == 302
    membership.refresh_from_db()
    assert membership.can_export is False
    assert seat_summary().used == 0


def test_membership_actions_report_each_row_and_refusals(admin, seats, company, member):
    seats(1)
    first, second = member(company), member(company)
    response = admin.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "set_can_export_true", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    messages = _messages(response)
    assert "Grant export permission: 1 row." in messages
    refusals = [m for m in messages if "0 of 1 are free" in m]
    assert len(refusals) == 1
    assert Membership.objects.filter(can_export=True).count() == 1

    response = admin.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "set_is_active_false", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Deactivate: 2 rows." in _messages(response)
    assert seat_summary().used == 0


def test_seat_pool_cannot_go_below_usage(admin, seats, company, member):
    seats(2)
    member(company, can_export=True)
    member(company, is_partner_admin=True)
    url = reverse("admin:accounts_seatpool_change", args=[1])

    response = admin.post(url, {"seats_purchased": 1})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["seats_purchased"] == [
        "2 seats are in use; the pool cannot shrink to 1. Free seats first."
    ]
    assert SeatPool.objects.get().seats_purchased == 2
    assert admin.post(url, {"seats_purchased": 5}).status_code == 302
    assert SeatPool.objects.get().seats_purchased == 5


def test_seat_pool_page_warns_at_ninety_percent_and_lists_holders(admin, seats, company, member):
    seats(10)
    holders = [member(company, can_export=True) for _ in range(9)]
    page = admin.get(reverse("admin:accounts_seatpool_change", args=[1])).content.decode()
    assert "9 of 10 PRM seats are in use (90 %)" in page
    assert f"<li>{holders[0].user} (Acme Partners): export</li>" in page
    assert admin.get(reverse("admin:accounts_seatpool_add")).status_code == 403
    seats(11)
    page = admin.get(reverse("admin:accounts_seatpool_change", args=[1])).content.decode()
    assert "PRM seats are in use (" not in page


def _account_data(account: PartnerAccount, **changes) -> dict:
    data = {
        "name": account.name,
        "website_domain": account.website_domain,
        "tier": account.tier,
        "region": account.region,
        "program": account.program,
        "role_count": account.role_count,
        "channel_manager": "",
        "parent": account.parent_id or "",
        "is_active": "on" if account.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_partner_account_add_creates_its_group(admin):
    data = {"name": "Nimbus", "tier": "gold", "region": "emea", "program": "msp"}
    response = admin.post(
        reverse("admin:accounts_partneraccount_add"), {**data, "role_count": 2, "is_active": "on"}
    )
    assert response.status_code == 302
    account = PartnerAccount.objects.get(name="Nimbus")
    assert account.group.name == "Partner account: Nimbus"


def test_a_sixth_hierarchy_level_is_refused_on_parent(admin):
    chain = [PartnerAccountFactory.create(name="L1")]
    for level in range(2, 6):
        chain.append(PartnerAccountFactory.create(name=f"L{level}", parent=chain[-1]))
    lone = PartnerAccountFactory.create(name="Lone")
    url = reverse("admin:accounts_partneraccount_change", args=[lone.pk])

    response = admin.post(url, _account_data(lone, parent=chain[-1].pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "Placing Lone under L5 would make the hierarchy 6 levels deep; at most 5 are allowed."
    ]
    lone.refresh_from_db()
    assert lone.parent is None


def test_a_hierarchy_cycle_is_refused_on_parent(admin):
    top = PartnerAccountFactory.create(name="Top")
    child = PartnerAccountFactory.create(name="Child", parent=top)
    url = reverse("admin:accounts_partneraccount_change", args=[top.pk])

    response = admin.post(url, _account_data(top, parent=child.pk))

    assert response.status_code == 200
    assert "cannot be its own ancestor" in response.context["adminform"].form.errors["parent"][0]
    top.refresh_from_db()
    assert top.parent is None


def test_renaming_a_partner_account_renames_its_group(admin, company):
    url = reverse("admin:accounts_partneraccount_change", args=[company.pk])
    assert admin.post(url, _account_data(company, name="Acme Global")).status_code == 302
    assert Group.objects.get(pk=company.group_id).name == "Partner account: Acme Global"


def test_reactivating_a_company_beyond_the_pool_is_refused(admin, seats, company, member):
    seats(1)
    member(company, is_partner_admin=True)
    url = reverse("admin:accounts_partneraccount_change", args=[company.pk])
    assert admin.post(url, _account_data(company, is_active="")).status_code == 302
    member(PartnerAccountFactory.create(), can_export=True)

    company.refresh_from_db()
    response = admin.post(url, _account_data(company, is_active="on"))

    assert response.status_code == 200
    assert "0 of 1 are free" in response.context["adminform"].form.errors["is_active"][0]
    company.refresh_from_db()
    assert company.is_active is False


def test_user_deactivation_goes_through_the_service_and_reactivation_needs_a_seat(
    admin, seats, company, member
):
    seats(1)
    holder = member(company, can_export=True).user
    url = reverse("admin:accounts_user_change", args=[holder.pk])
    data = {"email": holder.email, "first_name": "A", "last_name": "B"}

    assert admin.post(url, data).status_code == 302
    holder.refresh_from_db()
    assert (holder.is_active, holder.first_name) == (False, "A")
    member(company, is_partner_admin=True)

    response = admin.post(url, {**data, "is_active": "on"})

    assert response.status_code == 200
    assert "0 of 1 are free" in response.context["adminform"].form.errors["is_active"][0]
    holder.refresh_from_db()
    assert holder.is_active is False


def test_user_actions_activate_and_deactivate(admin, plenty_of_seats, company, member):
    people = [member(company).user for _ in range(2)]
    url = reverse("admin:accounts_user_changelist")
    ids = [p.pk for p in people]
    response = admin.post(url, {"action": "deactivate", "_selected_action": ids}, follow=True)
    assert "Deactivated: 2 rows." in _messages(response)
    assert User.objects.filter(pk__in=ids, is_active=True).count() == 0
    admin.post(url, {"action": "activate", "_selected_action": ids})
    assert User.objects.filter(pk__in=ids, is_active=True).count() == 2


def test_invitation_add_form_creates_and_sends(
    admin, admin_user, company, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"email": "Fresh@P.example.com", "partner_account": company.pk, "role": 1}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:accounts_invitation_add"), data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("fresh@p.example.com", admin_user)
    assert [m.to for m in mailoutbox] == [["fresh@p.example.com"]]

    again = admin.post(reverse("admin:accounts_invitation_add"), data)
    assert again.status_code == 200
    assert again.context["adminform"].form.errors["email"] == [
        "fresh@p.example.com already has an open invitation to Acme Partners."
    ]
    assert Invitation.objects.count() == 1


def test_invitation_actions_resend_revoke_and_approve(
    admin, plenty_of_seats, company, member, django_capture_on_commit_callbacks, mailoutbox
):
    sent = invitation_create(actor=None, email="s@p.example.com", partner_account=company)
    requester = member(company, is_partner_admin=True).user
    requested = invitation_request(
        actor=requester,
        partner_account=company,
        email="r@p.example.com",
        role=1,
        is_super_user=False,
        is_partner_admin=False,
        can_export=False,
    )
    url = reverse("admin:accounts_invitation_changelist")
    old_nonce = sent.nonce
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            url, {"action": "approve", "_selected_action": [sent.pk, requested.pk]}, follow=True
        )
    messages = _messages(response)
    assert "Approved and sent: 1 row." in messages
    assert any("s@p.example.com" in m and "not waiting for approval" in m for m in messages)
    requested.refresh_from_db()
    assert requested.status == InvitationStatus.PENDING
    assert [m.to for m in mailoutbox] == [["r@p.example.com"]]

    admin.post(url, {"action": "resend", "_selected_action": [sent.pk]})
    sent.refresh_from_db()
    assert sent.nonce != old_nonce

    response = admin.post(
        url, {"action": "revoke", "_selected_action": [sent.pk, requested.pk]}, follow=True
    )
    assert "Revoked: 2 rows." in _messages(response)
    assert set(Invitation.objects.values_list("status", flat=True)) == {"revoked"}


def test_invitation_change_page_shows_status_and_link(admin, company):
    invitation = invitation_create(actor=None, email="s@p.example.com", partner_account=company)
    page = admin.get(reverse("admin:accounts_invitation_change", args=[invitation.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "http://localhost:8000/invitations/" in body
    assert "Sent" in body


def test_bulk_invite_page_shows_the_report(admin, company):
    url = reverse("admin:accounts_invitation_import")
    assert admin.get(url).status_code == 200
    upload = io.BytesIO(
        b"email,partner_account,role\nok@p.example.com,Acme Partners,User\nbad,Acme Partners,User\n"
    )
    upload.name = "people.csv"
    response = admin.post(url, {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert [(r.email, r.created) for r in report.rows] == [
        ("ok@p.example.com", True),
        ("bad", False),
    ]
    assert "Result: 1 created, 1 rejected" in response.content.decode()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ok@p.example.com"]


def test_bulk_invite_refuses_a_bad_file_and_creates_nothing(admin, company):
    upload = io.BytesIO(b"just,some,words\n")
    upload.name = "people.csv"
    response = admin.post(reverse("admin:accounts_invitation_import"), {"file": upload})
    assert "missing: email, partner_account, role" in str(response.context["form"].errors["file"])
    assert Invitation.objects.count() == 0


def test_staff_without_superuser_rights_cannot_reach_the_import_page(client, db):
    clerk = StaffFactory.create()
    client.force_login(clerk)
    assert client.get(reverse("admin:accounts_invitation_import")).status_code == 403


def test_every_change_page_renders(admin, plenty_of_seats, company, member):
    membership = member(company, can_export=True)
    invitation = invitation_create(
        actor=None, email="q@p.example.com", partner_account=company, send=False
    )
    pages = [
        ("accounts_user", membership.user.pk),
        ("accounts_partneraccount", company.pk),
        ("accounts_membership", membership.pk),
        ("accounts_invitation", invitation.pk),
        ("portal_lead", LeadFactory.create().pk),
        ("portal_opportunity", OpportunityFactory.create().pk),
        ("portal_account", AccountFactory.create().pk),
        ("portal_contact", ContactFactory.create().pk),
    ]
    for name, pk in pages:
        assert admin.get(reverse(f"admin:{name}_change", args=[pk])).status_code == 200, name


def test_partner_account_list_counts_children_members_and_seats(admin, plenty_of_seats, member):
    parent = PartnerAccountFactory.create(name="Parent Co")
    PartnerAccountFactory.create(name="Child Co", parent=parent)
    member(parent, can_export=True)
    member(parent, is_partner_admin=True, can_export=True)
    member(parent)
    response = admin.get(reverse("admin:accounts_partneraccount_changelist"))
    row = next(r for r in response.context["cl"].result_list if r.name == "Parent Co")
    assert (row.children_total, row.members_total, row.seats_total) == (1, 3, 2)
    child = next(r for r in response.context["cl"].result_list if r.name == "Child Co")
    assert (child.children_total, child.members_total, child.seats_total) == (0, 0, 0)
