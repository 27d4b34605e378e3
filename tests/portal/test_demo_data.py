"""The demo data set: its content, its determinism, and visibility checked against an oracle."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Membership, PartnerAccount, SeatPool, User
from accounts.services.seats import seat_summary
from devtools.demo.cast import DEMO_EMAILS, DEMO_PASSWORD, PEOPLE
from portal.models import (
    Account,
    Contact,
    Lead,
    LeadGroupObjectPermission,
    LeadUserObjectPermission,
    Note,
    Opportunity,
    OpportunityGroupObjectPermission,
    OpportunityUserObjectPermission,
    PartnerEditableField,
)
from portal.selectors.records import leads_visible_to, opportunities_visible_to, visible_count

pytestmark = pytest.mark.django_db

# Guardian's direct permission models of each object (typed loosely: stubs see only the bases).
PERMS: dict[type[Lead] | type[Opportunity], tuple[Any, Any]] = {
    Lead: (LeadUserObjectPermission, LeadGroupObjectPermission),
    Opportunity: (OpportunityUserObjectPermission, OpportunityGroupObjectPermission),
}


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def partner_users() -> list[User]:
    return list(User.objects.filter(email__in=[p.email for p in PEOPLE]).order_by("email"))


# The oracle: SPEC *Visibility* applied directly to memberships, owners and guardian rows.


class Oracle:
    """Plain-Python visibility over the whole database, independent of the access rows."""

    def __init__(self) -> None:
        self.members = {
            m.user_id: m for m in Membership.objects.select_related("user", "partner_account")
        }
        self.parent = dict(PartnerAccount.objects.values_list("pk", "parent_id"))

    def _ancestors(self, company_id: int) -> list[int]:
        found: list[int] = []
        node = self.parent.get(company_id)
        while node is not None and len(found) < 5:
            found.append(node)
            node = self.parent.get(node)
        return found

    def _active(self, m: Membership) -> bool:
        return m.is_active and m.user.is_active and m.partner_account.is_active

    def _sees_owner(self, m: Membership, owner_id: int) -> bool:
        """Rules 1, 2, 3 and 6: what the owner's place says."""
        if owner_id == m.user_id:
            return True
        o = self.members.get(owner_id)
        if o is None:
            return False
        same = o.partner_account_id == m.partner_account_id
        if same and m.role > o.role:
            return True
        if same and m.is_super_user and m.role >= o.role:
            return True
        top = m.role == m.partner_account.role_count
        return top and m.partner_account_id in self._ancestors(o.partner_account_id)

    def visible(self, model: type[Lead] | type[Opportunity], user: User) -> set[int]:
        m = self.members.get(user.pk)
        if m is None or not self._active(m):
            return set()
        user_perm, group_perm = PERMS[model]
        view = f"view_{model._meta.model_name}"
        shared = set(
            user_perm.objects.filter(user=user, permission__codename=view).values_list(
                "content_object_id", flat=True
            )
        ) | set(
            group_perm.objects.filter(
                group_id=m.partner_account.group_id, permission__codename=view
            ).values_list("content_object_id", flat=True)
        )
        owners: Iterable[tuple[int, int]] = model._default_manager.values_list("pk", "owner_id")
        return shared | {pk for pk, owner_id in owners if self._sees_owner(m, owner_id)}


def test_every_demo_user_sees_exactly_what_the_rules_say():
    seed()
    oracle = Oracle()
    nonempty = 0
    for user in partner_users():
        for model, selector in ((Lead, leads_visible_to), (Opportunity, opportunities_visible_to)):
            expected = oracle.visible(model, user)
            assert set(selector(user).values_list("pk", flat=True)) == expected, (user, model)
            assert visible_count(model, user) == len(expected)
            nonempty += bool(expected)
    # Every active partner user sees some leads and some opportunities.
    assert nonempty == 2 * (len(PEOPLE) - 1)


def test_the_parent_company_executive_sees_the_child_company_records():
    seed()
    olivia = User.objects.get(email="olivia.reed@northwind.example.com")
    child_leads = set(
        Lead.objects.filter(partner_account__name="Northwind Solutions EMEA").values_list(
            "pk", flat=True
        )
    )
    assert child_leads
    assert child_leads <= set(leads_visible_to(olivia).values_list("pk", flat=True))


# Content.


def test_demo_holds_the_promised_records():
    seed()
    assert (Lead.objects.count(), Opportunity.objects.count(), Account.objects.count()) == (
        300,
        120,
        60,
    )
    per_account = [a.contacts.count() for a in Account.objects.all()]
    assert min(per_account) >= 1 and max(per_account) <= 4
    assert Contact.objects.count() == sum(per_account)
    assert Note.objects.count() > 0
    staff_owned = Lead.objects.filter(owner__is_staff=True).count()
    assert 0 < staff_owned < 300


def test_records_belong_to_their_owner_company():
    seed()
    company_of = dict(Membership.objects.values_list("user_id", "partner_account_id"))
    for model in (Lead, Opportunity, Account, Contact):
        for owner_id, company_id in model._default_manager.values_list(
            "owner_id", "partner_account_id"
        ):
            assert company_id == company_of.get(owner_id)


def test_demo_people_cover_every_role_and_flag():
    seed()
    members = Membership.objects.select_related("user")
    assert {m.role for m in members} == {1, 2, 3}
    assert sum(m.is_super_user for m in members) == 1
    assert sum(m.is_partner_admin for m in members) == 2
    assert sum(not m.user.is_active for m in members) == 1
    assert members.count() >= 10
    assert PartnerAccount.objects.filter(parent__isnull=False).count() >= 1
    assert PartnerAccount.objects.filter(role_count=2).count() >= 1
    summary = seat_summary()
    assert (summary.purchased, summary.used) == (10, 5)


def test_every_demo_login_can_sign_in_with_a_verified_email():
    seed()
    users = User.objects.filter(email__in=DEMO_EMAILS)
    assert users.count() == len(DEMO_EMAILS)
    for user in users:
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()


def test_channel_manager_has_the_vendor_admin_permissions_without_being_superuser():
    seed()
    channel = User.objects.get(email="channel@vendor.example.com")
    assert (channel.is_staff, channel.is_superuser) == (True, False)
    wanted = Permission.objects.filter(content_type__app_label__in=("accounts", "portal"))
    audit = Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")
    tokens = Permission.objects.filter(
        content_type__app_label="api", codename__in=("view_apitoken", "delete_apitoken")
    )
    assert len(tokens) == 2
    assert set(channel.groups.get().permissions.all()) == {*wanted, audit, *tokens}
    assert channel.has_perm("auditlog.view_logentry")
    assert channel.has_perm("api.delete_apitoken")
    assert not channel.has_perm("api.add_apitoken")
    assert channel.has_perm("accounts.change_membership")
    assert channel.has_perm("portal.change_lead")
    assert User.objects.filter(is_superuser=True).count() == 1


def test_partner_editable_fields_are_set():
    seed()
    assert set(PartnerEditableField.objects.values_list("object_type", "field_name")) == {
        ("lead", "status"),
        ("lead", "rating"),
        ("opportunity", "stage"),
        ("opportunity", "next_step"),
        ("opportunity", "probability"),
        ("opportunity", "close_date"),
        ("account", "phone"),
        ("account", "website"),
    }


# Determinism and the command's modes.


def snapshot() -> dict[str, Any]:
    """Everything a visitor would notice, by natural keys (ids differ between runs)."""

    def share_rows(model: type[Lead] | type[Opportunity]) -> list[tuple[Any, ...]]:
        user_perm, group_perm = PERMS[model]
        rows = [
            (p.content_object.created_at, p.user.email, p.permission.codename)
            for p in user_perm.objects.select_related("content_object", "user", "permission")
        ] + [
            (p.content_object.created_at, p.group.name, p.permission.codename)
            for p in group_perm.objects.select_related("content_object", "group", "permission")
        ]
        return sorted(rows)

    return {
        "leads": list(
            Lead.objects.values_list(
                "first_name", "last_name", "company", "owner__email", "status", "created_at"
            )
        ),
        "opportunities": list(
            Opportunity.objects.values_list("name", "owner__email", "amount", "stage", "created_at")
        ),
        "accounts": list(Account.objects.values_list("name", "owner__email", "created_at")),
        "lead_shares": share_rows(Lead),
        "opportunity_shares": share_rows(Opportunity),
        "counts": {
            u.email: (visible_count(Lead, u), visible_count(Opportunity, u))
            for u in partner_users()
        },
    }


def test_reset_rebuilds_the_same_data():
    seed()
    first = snapshot()
    assert "rebuilt" in seed("--reset")
    assert snapshot() == first
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_EMAILS)
    assert SeatPool.objects.get().seats_purchased == 10


def test_if_empty_changes_nothing_when_data_exists():
    seed("--if-empty")
    first = snapshot()
    assert seed("--if-empty") == "The database already holds data; the demo was not loaded.\n"
    assert snapshot() == first
    assert Lead.objects.count() == 300


def test_plain_seed_refuses_to_load_over_existing_data():
    seed()
    with pytest.raises(CommandError):
        seed()
    assert Lead.objects.count() == 300


def test_logins_table_lists_every_login_with_its_visible_counts():
    seed()
    table = seed("--logins")
    assert f"Password for every demo login: {DEMO_PASSWORD}" in table
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines() if "@" in line}
    assert set(rows) == set(DEMO_EMAILS)
    for user in partner_users():
        cells = [c.strip() for c in rows[user.email].split("|")]
        assert cells[5:7] == [str(visible_count(Lead, user)), str(visible_count(Opportunity, user))]


def test_logins_alone_loads_nothing():
    assert "Password for every demo login" in seed("--logins")
    assert Lead.objects.count() == 0


# Pages: the list, the detail and the download use the same selector.


def _csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


@pytest.mark.parametrize(("model", "kind"), [(Lead, "lead"), (Opportunity, "opportunity")])
def test_each_demo_user_pages_show_exactly_their_records(client, model, kind):
    seed()
    oracle = Oracle()
    for user in partner_users():
        if not user.is_active:
            continue
        expected = oracle.visible(model, user)
        client.force_login(user)
        listed = client.get(reverse(f"portal:{kind}-list"))
        assert listed.status_code == 200
        assert listed.context["total"] == len(expected)
        hidden = model._default_manager.exclude(pk__in=expected).order_by("pk").first()
        assert hidden is not None
        assert client.get(reverse(f"portal:{kind}-detail", args=[hidden.pk])).status_code == 404
        shown = min(expected)
        assert client.get(reverse(f"portal:{kind}-detail", args=[shown])).status_code == 200
        cols = ["name", "created_at"]
        download = client.get(reverse(f"portal:{kind}-download"), {"format": "csv", "cols": cols})
        names = sorted(str(r) for r in model._default_manager.filter(pk__in=expected))
        assert sorted(row[0] for row in _csv_rows(download)) == names
