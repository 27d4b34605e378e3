"""Admin of connections and mappings: invitations, read-only reports, the vendor's selection."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from sync.models import Connection, ConnectionStatus, FieldMapping, MappingState, ObjectMapping
from sync.services.mappings.save import mapping_vendor_save
from tests.factories import PartnerAccountFactory, StaffFactory
from tests.factories.sync import ConnectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    return StaffFactory.create(email="boss@vendor.example.com", is_superuser=True)


@pytest.fixture
def admin(client, boss):
    client.force_login(boss)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_connection_list_shows_company_status_domain_and_last_error(admin, company):
    ConnectionFactory.create(
        partner_account=company,
        my_domain="acme.my.salesforce.com",
        status=ConnectionStatus.ERROR,
        last_error="Salesforce refused the session.",
    )
    url = reverse("admin:sync_connection_changelist")
    page = admin.get(url).content.decode()
    assert "Acme Partners" in page and "acme.my.salesforce.com" in page
    assert "Salesforce refused the session." in page
    assert "Acme Partners" in admin.get(url, {"q": "acme.my"}).content.decode()
    assert "Acme Partners" not in admin.get(url, {"status__exact": "Enabled"}).content.decode()


def test_adding_a_connection_invites_the_company(
    admin, boss, company, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:sync_connection_add"), {"partner_account": company.pk}, follow=True
        )
    assert response.status_code == 200
    connection = Connection.objects.get()
    assert connection.invited_by == boss
    assert connection.status == ConnectionStatus.PENDING
    assert [m.to for m in mailoutbox] == [[partner_admin.user.email]]


def test_adding_a_connection_for_a_company_without_partner_admin_shows_why(admin, company):
    response = admin.post(reverse("admin:sync_connection_add"), {"partner_account": company.pk})
    assert response.status_code == 200
    assert "has no active partner admin to set up the connection" in response.content.decode()
    assert not Connection.objects.exists()


def test_change_page_is_a_read_only_report_that_never_shows_the_secret(admin, company):
    connection = ConnectionFactory.create(
        partner_account=company,
        last_test_result=[
            {"name": "Token", "ok": True, "detail": "Logged in.", "fix": ""},
            {
                "name": "External ID field on Lead",
                "ok": False,
                "detail": "Lead has no field Vendor_Record_Id__c.",
                "fix": "Create a Text(40) field Vendor_Record_Id__c on Lead, marked External ID "
                "and Unique",
            },
        ],
    )
    page = admin.get(reverse("admin:sync_connection_change", args=[connection.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Stored encrypted" in html
    assert "s3cret" not in html
    assert connection.client_secret_encrypted not in html
    assert "Fix: Create a Text(40) field Vendor_Record_Id__c on Lead" in html
    assert 'name="_save"' not in html


def test_invite_action_on_partner_accounts_reports_each_company(
    admin, company, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    lonely = PartnerAccountFactory.create(name="Lonely Ltd")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:accounts_partneraccount_changelist"),
            {"action": "invite_partner_accounts", "_selected_action": [company.pk, lonely.pk]},
            follow=True,
        )
    messages = _messages(response)
    assert "Invitation to connect sent: 1 row." in messages
    assert any(m.startswith("Lonely Ltd: Lonely Ltd has no active partner admin") for m in messages)
    assert list(Connection.objects.values_list("partner_account__name", flat=True)) == [
        "Acme Partners"
    ]
    assert len(mailoutbox) == 1


def test_invite_action_on_connections_sends_the_link_again(
    admin, company, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    connection = ConnectionFactory.create(partner_account=company)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:sync_connection_changelist"),
            {"action": "invite", "_selected_action": [connection.pk]},
            follow=True,
        )
    assert "Invitation to connect sent: 1 row." in _messages(response)
    assert len(mailoutbox) == 1


def test_mapping_add_page_lists_every_field_with_unsupported_ones_disabled(admin, company):
    ConnectionFactory.create(partner_account=company)
    page = admin.get(reverse("admin:sync_objectmapping_add"), {"object_type": "Opportunity"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="export__stage"' in html and 'name="update__stage"' in html
    assert "Text Area (Long) fields cannot be exported by Partner Connect." in html
    form = page.context["adminform"].form
    assert form.fields["export__description"].disabled is True
    assert form["export__name"].initial is True  # standard fields pre-selected
    assert form["update__stage"].initial is True


def _grid_data(exported, updates):
    data = {f"export__{name}": "on" for name in exported}
    data.update({f"update__{name}": "on" for name in updates})
    return data


def test_vendor_selection_saves_through_the_service(admin, boss, company):
    connection = ConnectionFactory.create(partner_account=company)
    data = {"connection": connection.pk, "object_type": "Lead"}
    data.update(_grid_data(["last_name", "company", "status", "description"], ["status"]))
    response = admin.post(reverse("admin:sync_objectmapping_add"), data, follow=True)
    assert response.status_code == 200
    mapping = ObjectMapping.objects.get()
    assert mapping.vendor_saved_by == boss
    assert mapping.state == MappingState.SELECTED
    # The disabled unsupported box cannot be switched on by a crafted POST.
    assert dict(mapping.fields.values_list("field_name", "send_updates")) == {
        "last_name": False,
        "company": False,
        "status": True,
    }


def test_too_many_update_fields_are_refused_on_the_change_page_and_nothing_changes(
    admin, vendor_admin, connection
):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company"],
        update_fields=[],
    )
    names = [
        "first_name", "last_name", "title", "company", "email", "phone", "website", "status",
        "rating", "industry", "lead_source",
    ]  # fmt: skip
    url = reverse("admin:sync_objectmapping_change", args=[mapping.pk])
    response = admin.post(url, _grid_data(names, names))
    assert response.status_code == 200
    assert "At most 10 update fields per object; 11 are selected." in response.content.decode()
    assert set(FieldMapping.objects.values_list("field_name", flat=True)) == {
        "last_name",
        "company",
    }


def test_mapping_change_page_shows_the_partner_side_read_only(admin, vendor_admin, connection):
    mapping = mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "rating"],
        update_fields=["rating"],
    )
    FieldMapping.objects.filter(object_mapping=mapping, field_name="rating").update(
        accepted=True,
        target_field="Rating",
        picklist_map={"Hot": "Hot"},
        picklist_default="Cold",
    )
    html = admin.get(reverse("admin:sync_objectmapping_change", args=[mapping.pk])).content.decode()
    assert "Hot → Hot" in html and "Default: Cold" in html
    assert "Waiting for the partner admin to map the fields." in html
    assert 'name="default_owner_id"' not in html


def test_mapping_list_counts_exported_and_update_fields(admin, vendor_admin, connection):
    mapping_vendor_save(
        actor=vendor_admin,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company", "status"],
        update_fields=["status"],
    )
    response = admin.get(reverse("admin:sync_objectmapping_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.exported_total, row.updates_total) == (3, 1)


def test_a_partner_user_cannot_reach_the_admin(client, company, member, plenty_of_seats):
    client.force_login(member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user)
    response = client.get(reverse("admin:sync_connection_changelist"))
    assert response.status_code == 302
