"""Django admin of vendor records: saves through record_save, shares through the actions."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import (
    Lead,
    LeadGroupObjectPermission,
    LeadUserObjectPermission,
    Note,
    Opportunity,
    OpportunityGroupObjectPermission,
    PartnerEditableField,
)
from portal.selectors.records import (
    accounts_visible_to,
    leads_visible_to,
    opportunities_visible_to,
)
from tests.factories import (
    AccountFactory,
    LeadFactory,
    OpportunityFactory,
    PartnerAccountFactory,
    StaffFactory,
)


@pytest.fixture
def admin(client, db):
    client.force_login(StaffFactory.create(email="boss@vendor.example.com", is_superuser=True))
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    "model", ["lead", "opportunity", "account", "contact", "note", "partnereditablefield"]
)
def test_every_portal_admin_list_and_add_page_renders(admin, model):
    LeadFactory.create()
    OpportunityFactory.create()
    assert admin.get(reverse(f"admin:portal_{model}_changelist")).status_code == 200
    assert admin.get(reverse(f"admin:portal_{model}_add")).status_code == 200


def test_access_models_are_not_in_admin(admin):
    registered = {str(m._meta.model_name) for m in django_admin.site._registry}
    assert not {name for name in registered if name.endswith(("access", "objectpermission"))}


def test_a_lead_saved_in_admin_takes_its_owners_company_and_access(
    admin, plenty_of_seats, company, member
):
    owner = member(company).user
    manager = member(company, PartnerRole.MANAGER).user
    data = {
        "owner": owner.pk,
        "last_name": "Stone",
        "company": "Quarry Ltd",
        "status": "Open - Not Contacted",
    }

    assert admin.post(reverse("admin:portal_lead_add"), data).status_code == 302

    lead = Lead.objects.get(last_name="Stone")
    assert lead.partner_account == company
    assert list(leads_visible_to(owner)) == [lead]
    assert list(leads_visible_to(manager)) == [lead]

    other = member(PartnerAccountFactory.create()).user
    url = reverse("admin:portal_lead_change", args=[lead.pk])
    assert admin.post(url, {**data, "owner": other.pk}).status_code == 302
    lead.refresh_from_db()
    assert lead.partner_account == other.membership.partner_account
    assert list(leads_visible_to(owner)) == []
    assert list(leads_visible_to(other)) == [lead]


def test_an_invalid_record_is_refused_in_admin(admin, staff):
    data = {"owner": staff.pk, "name": "Deal", "stage": "Prospecting", "close_date": "soon"}
    response = admin.post(reverse("admin:portal_opportunity_add"), data)
    assert response.status_code == 200
    assert "close_date" in response.context["adminform"].form.errors
    assert Opportunity.objects.count() == 0


def _action(admin, model: str, action: str, ids: list[int], **form):
    url = reverse(f"admin:portal_{model}_changelist")
    data = {"action": action, "_selected_action": ids, **form}
    return admin.post(url, data, follow=True)


def test_share_action_asks_whom_then_shares_with_the_company(
    admin, plenty_of_seats, company, member
):
    colleague = member(company).user
    leads = LeadFactory.create_batch(3)
    ids = [lead.pk for lead in leads[:2]]

    page = _action(admin, "lead", "share_selected", ids)
    assert page.templates[0].name == "admin/portal/share_form.html"
    assert LeadGroupObjectPermission.objects.count() == 0

    response = _action(
        admin, "lead", "share_selected", ids, apply="1", partner_account=company.pk, level="read"
    )

    assert "Shared 2 records at Read." in _messages(response)
    assert LeadGroupObjectPermission.objects.filter(group=company.group).count() == 2
    assert set(leads_visible_to(colleague)) == set(leads[:2])

    response = _action(
        admin, "lead", "unshare_selected", ids, apply="1", partner_account=company.pk
    )
    assert "Unshared 2 records." in _messages(response)
    assert LeadGroupObjectPermission.objects.count() == 0
    assert list(leads_visible_to(colleague)) == []


def test_share_action_with_one_user_at_read_write(admin, plenty_of_seats, company, member):
    person = member(company).user
    colleague = member(company).user
    lead = LeadFactory.create()

    _action(admin, "lead", "share_selected", [lead.pk], apply="1", user=person.pk, level="edit")

    codenames = set(
        LeadUserObjectPermission.objects.filter(user=person).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"view_lead", "change_lead"}
    assert list(leads_visible_to(person)) == [lead]
    assert list(leads_visible_to(colleague)) == []
    page = admin.get(reverse("admin:portal_lead_change", args=[lead.pk])).content.decode()
    assert f"<li>{person}: Read/Write</li>" in page


def test_share_action_refuses_company_and_user_together(admin, plenty_of_seats, company, member):
    person = member(company).user
    lead = LeadFactory.create()
    response = _action(
        admin,
        "lead",
        "share_selected",
        [lead.pk],
        apply="1",
        user=person.pk,
        partner_account=company.pk,
        level="read",
    )
    assert "Share with either a partner account or a user, not both or neither." in _messages(
        response
    )
    assert LeadUserObjectPermission.objects.count() == 0
    assert LeadGroupObjectPermission.objects.count() == 0
    assert list(leads_visible_to(person)) == []


def test_opportunities_and_accounts_share_the_same_way(admin, plenty_of_seats, company, member):
    person = member(company).user
    opportunity = OpportunityFactory.create()
    account = AccountFactory.create()
    _action(
        admin,
        "opportunity",
        "share_selected",
        [opportunity.pk],
        apply="1",
        partner_account=company.pk,
        level="read",
    )
    _action(
        admin, "account", "share_selected", [account.pk], apply="1", user=person.pk, level="read"
    )
    assert OpportunityGroupObjectPermission.objects.count() == 1
    assert list(opportunities_visible_to(person)) == [opportunity]
    assert account in accounts_visible_to(person)


def test_editable_field_choices_are_limited_to_the_objects_fields(admin):
    url = reverse("admin:portal_partnereditablefield_add")
    refused = admin.post(url, {"object_type": "opportunity", "field_name": "rating"})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["field_name"] == [
        "opportunity has no field rating."
    ]
    lookup = admin.post(url, {"object_type": "lead", "field_name": "owner"})
    assert "field_name" in lookup.context["adminform"].form.errors
    assert PartnerEditableField.objects.count() == 0
    assert admin.post(url, {"object_type": "lead", "field_name": "rating"}).status_code == 302
    assert list(PartnerEditableField.objects.values_list("field_name", flat=True)) == ["rating"]


def test_a_note_added_in_admin_names_its_author(admin, staff):
    lead = LeadFactory.create(owner=staff)
    response = admin.post(reverse("admin:portal_note_add"), {"lead": lead.pk, "body": " Called. "})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.lead, note.body, note.author.email) == (lead, "Called.", "boss@vendor.example.com")
