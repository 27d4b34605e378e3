"""Record pages: fields, notes, partner edits and the visibility panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import LeadStatus, Note, PartnerEditableField, Rating
from portal.selectors.shares import AccessLevel
from portal.services.sharing import share_grant
from tests.factories import (
    AccountFactory,
    ContactFactory,
    LeadFactory,
    OpportunityFactory,
    PartnerAccountFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(plenty_of_seats, company, member):
    return member(company, PartnerRole.USER).user


def _shared_lead(user, level: AccessLevel):
    lead = LeadFactory.create(last_name="Shared", status=LeadStatus.OPEN)
    share_grant(actor=None, records=[lead], level=level, user=user)
    return lead


def test_detail_shows_the_fields_with_labels(client, partner):
    lead = LeadFactory.create(owner=partner, company="Initech", rating=Rating.HOT)
    client.force_login(partner)
    response = client.get(reverse("portal:lead-detail", args=[lead.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<dt>Company</dt>" in body
    assert "<dd>Initech</dd>" in body
    assert "<dt>Export Status</dt>" in body


def test_note_is_added_with_read_write_access(client, partner):
    lead = _shared_lead(partner, "edit")
    client.force_login(partner)
    url = reverse("portal:lead-note-add", args=[lead.pk])
    response = client.post(url, {"body": "Called them."})
    assert response.status_code == 302
    assert list(Note.objects.values_list("lead_id", "author_id", "body")) == [
        (lead.pk, partner.pk, "Called them.")
    ]


def test_note_is_refused_with_read_access_and_nothing_is_created(client, partner):
    lead = _shared_lead(partner, "read")
    client.force_login(partner)
    detail = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    assert "Add note" not in detail
    response = client.post(reverse("portal:lead-note-add", args=[lead.pk]), {"body": "Hi"})
    assert response.status_code == 400
    assert (
        "You have Read access to this record; notes need Read/Write." in response.content.decode()
    )
    assert Note.objects.count() == 0


def test_note_on_an_invisible_lead_is_not_found(client, partner):
    lead = LeadFactory.create()
    client.force_login(partner)
    response = client.post(reverse("portal:lead-note-add", args=[lead.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert Note.objects.count() == 0


def test_blank_note_shows_a_form_error(client, partner):
    lead = _shared_lead(partner, "edit")
    client.force_login(partner)
    response = client.post(reverse("portal:lead-note-add", args=[lead.pk]), {"body": "   "})
    assert response.status_code == 400
    assert response.context["note_form"].errors
    assert Note.objects.count() == 0


def test_htmx_note_add_returns_the_notes_section(client, partner):
    lead = _shared_lead(partner, "edit")
    client.force_login(partner)
    response = client.post(
        reverse("portal:lead-note-add", args=[lead.pk]),
        {"body": "Inline note"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="notes"')
    assert "Inline note" in body
    assert Note.objects.count() == 1


def test_partner_edits_a_whitelisted_field(client, partner):
    PartnerEditableField.objects.create(object_type="lead", field_name="status")
    lead = _shared_lead(partner, "edit")
    client.force_login(partner)
    response = client.post(
        reverse("portal:lead-edit", args=[lead.pk]), {"status": LeadStatus.WORKING}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WORKING


def test_partner_edit_of_a_field_outside_the_whitelist_is_refused(client, partner):
    PartnerEditableField.objects.create(object_type="lead", field_name="status")
    lead = _shared_lead(partner, "edit")
    client.force_login(partner)
    response = client.post(
        reverse("portal:lead-edit", args=[lead.pk]),
        {"status": LeadStatus.WORKING, "company": "Hijacked"},
    )
    assert response.status_code == 400
    assert "cannot be edited on the partner site: company" in response.content.decode()
    lead.refresh_from_db()
    assert (lead.company, lead.status) != ("Hijacked", LeadStatus.WORKING)
    assert lead.status == LeadStatus.OPEN


def test_edit_with_read_access_is_refused_and_the_form_is_not_offered(client, partner):
    PartnerEditableField.objects.create(object_type="lead", field_name="status")
    lead = _shared_lead(partner, "read")
    client.force_login(partner)
    detail = client.get(reverse("portal:lead-detail", args=[lead.pk]))
    assert "edit_form" not in detail.context
    response = client.post(
        reverse("portal:lead-edit", args=[lead.pk]), {"status": LeadStatus.WORKING}
    )
    assert response.status_code == 400
    assert (
        "You have Read access to this record; ask its owner for Read/Write."
        in response.content.decode()
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.OPEN


def test_visibility_panel_is_shown_to_partner_admins_with_their_colleagues(
    client, company, member, plenty_of_seats
):
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    owner = member(company, PartnerRole.USER).user
    outsider = member(PartnerAccountFactory.create(), PartnerRole.USER).user
    lead = LeadFactory.create(owner=owner)
    share_grant(actor=None, records=[lead], level="read", user=outsider)
    client.force_login(admin)
    response = client.get(reverse("portal:lead-detail", args=[lead.pk]))
    body = response.content.decode()
    assert "Why can I see this?" in body
    assert "Your role (Executive) is above the owner" in body
    colleagues = {
        u.pk: (reasons, can_edit) for u, reasons, can_edit in response.context["colleagues"]
    }
    assert colleagues == {admin.pk: (["Role above the owner's"], True), owner.pk: (["Owner"], True)}
    assert str(outsider) not in body


def test_visibility_panel_is_shown_to_vendor_staff(client, staff):
    lead = LeadFactory.create()
    client.force_login(staff)
    body = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    assert "Why can I see this?" in body
    assert "vendor staff see every record" in body


def test_visibility_panel_is_hidden_from_ordinary_partner_users(client, partner):
    lead = LeadFactory.create(owner=partner)
    client.force_login(partner)
    body = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    assert "Why can I see this?" not in body


def test_opportunity_page_links_its_account_which_the_opportunity_makes_readable(client, partner):
    account = AccountFactory.create(name="Linked Account")
    shared = OpportunityFactory.create(account=account)
    share_grant(actor=None, records=[shared], level="read", user=partner)
    client.force_login(partner)
    body = client.get(reverse("portal:opportunity-detail", args=[shared.pk])).content.decode()
    account_url = reverse("portal:account-detail", args=[account.pk])
    assert f'<a href="{account_url}">Linked Account</a>' in body
    assert client.get(account_url).status_code == 200


def test_account_page_lists_only_visible_opportunities_and_its_contacts(client, partner):
    account = AccountFactory.create()
    mine = OpportunityFactory.create(owner=partner, account=account, name="Mine")
    OpportunityFactory.create(account=account, name="Someone else's")
    contact = ContactFactory.create(account=account, last_name="Contact")
    client.force_login(partner)
    response = client.get(reverse("portal:account-detail", args=[account.pk]))
    assert [o.pk for o in response.context["opportunities"]] == [mine.pk]
    assert [c.pk for c in response.context["contacts"]] == [contact.pk]
    assert "Someone else&#x27;s" not in response.content.decode()
    contact_page = client.get(reverse("portal:contact-detail", args=[contact.pk]))
    assert contact_page.status_code == 200


def test_account_and_contact_pages_of_invisible_records_are_not_found(client, partner):
    contact = ContactFactory.create()
    client.force_login(partner)
    assert (
        client.get(reverse("portal:account-detail", args=[contact.account.pk])).status_code == 404
    )
    assert client.get(reverse("portal:contact-detail", args=[contact.pk])).status_code == 404


def _shared_account(user, level: AccessLevel):
    account = AccountFactory.create(name="Shared Account", phone="+1 555 0100")
    share_grant(actor=None, records=[account], level=level, user=user)
    return account


def test_partner_edits_a_whitelisted_field_of_an_account_and_the_page_keeps_its_lists(
    client, partner
):
    PartnerEditableField.objects.create(object_type="account", field_name="phone")
    account = _shared_account(partner, "edit")
    contact = ContactFactory.create(account=account, last_name="Kept")
    client.force_login(partner)
    detail = client.get(reverse("portal:account-detail", args=[account.pk]))
    assert list(detail.context["edit_form"].fields) == ["phone"]
    assert [c.pk for c in detail.context["contacts"]] == [contact.pk]

    response = client.post(
        reverse("portal:account-edit", args=[account.pk]),
        {"phone": "+1 555 0199", "name": "Hijacked"},
    )
    assert response.status_code == 400
    assert "cannot be edited on the partner site: name" in response.content.decode()
    assert [c.pk for c in response.context["contacts"]] == [contact.pk]
    account.refresh_from_db()
    assert (account.name, account.phone) == ("Shared Account", "+1 555 0100")

    response = client.post(
        reverse("portal:account-edit", args=[account.pk]), {"phone": "+1 555 0199"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.phone == "+1 555 0199"


def test_account_edit_with_read_access_is_refused_and_not_offered(client, partner):
    PartnerEditableField.objects.create(object_type="account", field_name="phone")
    account = _shared_account(partner, "read")
    client.force_login(partner)
    detail = client.get(reverse("portal:account-detail", args=[account.pk]))
    assert "edit_form" not in detail.context
    response = client.post(
        reverse("portal:account-edit", args=[account.pk]), {"phone": "+1 555 0199"}
    )
    assert response.status_code == 400
    assert "You have Read access to this record" in response.content.decode()
    account.refresh_from_db()
    assert account.phone == "+1 555 0100"


def test_account_edit_of_an_invisible_account_is_not_found(client, partner):
    PartnerEditableField.objects.create(object_type="account", field_name="phone")
    account = AccountFactory.create(phone="+1 555 0100")
    client.force_login(partner)
    response = client.post(
        reverse("portal:account-edit", args=[account.pk]), {"phone": "+1 555 0199"}
    )
    assert response.status_code == 404
    account.refresh_from_db()
    assert account.phone == "+1 555 0100"
