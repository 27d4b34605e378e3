"""The audit trail: who changed what, when and from where, and its download in admin."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    PartnerRole,
    SeatPool,
    User,
)
from accounts.services.invitations import invitation_create
from portal.models import LeadGroupObjectPermission, LeadUserObjectPermission
from portal.services.sharing import share_grant
from sync.models import (
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    FieldMapping,
    ObjectMapping,
    RecordMap,
)
from sync.services.mappings.save import mapping_vendor_save
from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import ConnectionFactory, enabled_connection
from tests.helpers.orgs import describe_of

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
CHANGELIST = reverse("admin:auditlog_logentry_changelist")
DOWNLOAD = reverse("admin:auditlog_logentry_download")


@pytest.fixture
def boss(db) -> User:
    return StaffFactory.create(email="boss@vendor.example.com", is_superuser=True)


@pytest.fixture
def admin(client, boss):
    client.force_login(boss)
    return client


def _entries(model: type[models.Model]) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return list(LogEntry.objects.filter(content_type=content_type).order_by("pk"))


def _last(model: type[models.Model]) -> LogEntry:
    return _entries(model)[-1]


def _admin_action(admin, model: str, action: str, ids: list[int], **form):
    url = reverse(f"admin:{model}_changelist")
    data = {"action": action, "_selected_action": ids, **form}
    return admin.post(url, data, REMOTE_ADDR=IP, follow=True)


# -- seats ---------------------------------------------------------------------------------------


def test_granting_export_in_admin_records_actor_address_and_the_changed_flag(
    admin, boss, plenty_of_seats, company, member
):
    membership = member(company)
    before = len(_entries(Membership))
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {"role": PartnerRole.USER, "can_export": "on", "is_active": "on"}

    assert admin.post(url, data, REMOTE_ADDR=IP).status_code == 302

    entries = _entries(Membership)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.UPDATE, boss, IP)
    assert entry.object_pk == str(membership.pk)
    assert entry.changes == {"can_export": [False, True]}


def test_seat_pool_and_company_deactivation_are_recorded(admin, boss, seats, company):
    seats(3)
    pool_url = reverse("admin:accounts_seatpool_change", args=[1])
    assert admin.post(pool_url, {"seats_purchased": 5}, REMOTE_ADDR=IP).status_code == 302

    pool_entry = _last(SeatPool)
    assert (pool_entry.actor, pool_entry.remote_addr) == (boss, IP)
    assert pool_entry.changes == {"seats_purchased": [3, 5]}

    response = _admin_action(admin, "accounts_partneraccount", "deactivate", [company.pk])
    assert response.status_code == 200
    company_entry = _last(PartnerAccount)
    assert PartnerAccount.objects.get(pk=company.pk).is_active is False
    assert (company_entry.action, company_entry.actor) == (LogEntry.Action.UPDATE, boss)
    assert company_entry.changes == {"is_active": [True, False]}


# -- invitations ---------------------------------------------------------------------------------


def test_an_invitation_is_recorded_when_created_and_when_revoked(
    admin, boss, company, django_capture_on_commit_callbacks
):
    data = {"email": "new@p.example.com", "partner_account": company.pk, "role": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(reverse("admin:accounts_invitation_add"), data, REMOTE_ADDR=IP)
    invitation = Invitation.objects.get()
    created = _entries(Invitation)[0]
    assert (created.action, created.actor, created.remote_addr) == (
        LogEntry.Action.CREATE,
        boss,
        IP,
    )
    assert created.changes["email"] == [None, "new@p.example.com"]
    assert created.changes["status"] == [None, InvitationStatus.PENDING]
    assert not any("nonce" in (entry.changes or {}) for entry in _entries(Invitation))

    _admin_action(admin, "accounts_invitation", "revoke", [invitation.pk])

    revoked = _last(Invitation)
    assert revoked.actor == boss
    assert revoked.changes == {"status": [InvitationStatus.PENDING, InvitationStatus.REVOKED]}


# -- shares --------------------------------------------------------------------------------------


def test_sharing_in_admin_records_one_entry_per_record_naming_the_company(
    admin, boss, plenty_of_seats, company
):
    leads = LeadFactory.create_batch(2)
    ids = [lead.pk for lead in leads]

    _admin_action(
        admin,
        "portal_lead",
        "share_selected",
        ids,
        apply="1",
        partner_account=company.pk,
        level="read",
    )

    shared = _entries(LeadGroupObjectPermission)
    assert sorted((e.action, e.object_pk) for e in shared) == [
        (LogEntry.Action.CREATE, str(lead.pk)) for lead in leads
    ]
    shared.sort(key=lambda e: int(e.object_pk))
    assert {(e.actor, e.remote_addr) for e in shared} == {(boss, IP)}
    assert shared[0].changes == {"access": [None, "Read"]}
    assert shared[0].object_repr == f"lead {leads[0]} shared with Acme Partners"
    assert shared[0].additional_data == {
        "record_id": leads[0].pk,
        "shared_with": "Acme Partners",
        "company": True,
    }

    _admin_action(
        admin,
        "portal_lead",
        "share_selected",
        ids[:1],
        apply="1",
        partner_account=company.pk,
        level="edit",
    )
    _admin_action(
        admin,
        "portal_lead",
        "share_selected",
        ids[:1],
        apply="1",
        partner_account=company.pk,
        level="edit",
    )
    raised = _entries(LeadGroupObjectPermission)[2:]
    assert [(e.action, e.changes) for e in raised] == [
        (LogEntry.Action.UPDATE, {"access": ["Read", "Read/Write"]})
    ]

    _admin_action(
        admin, "portal_lead", "unshare_selected", ids, apply="1", partner_account=company.pk
    )

    unshared = _entries(LeadGroupObjectPermission)[3:]
    assert {e.object_pk: (e.action, e.changes) for e in unshared} == {
        str(leads[0].pk): (LogEntry.Action.DELETE, {"access": ["Read/Write", None]}),
        str(leads[1].pk): (LogEntry.Action.DELETE, {"access": ["Read", None]}),
    }


def test_a_personal_share_by_a_service_records_its_actor_without_an_address(
    boss, plenty_of_seats, company, member
):
    person = member(company).user
    lead = LeadFactory.create()

    share_grant(actor=boss, records=[lead], level="edit", user=person)

    entry = _last(LeadUserObjectPermission)
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.CREATE, boss, None)
    assert entry.changes == {"access": [None, "Read/Write"]}
    assert entry.additional_data["shared_with"] == str(person)
    assert _entries(LeadGroupObjectPermission) == []


# -- mappings and connection state --------------------------------------------------------------


@pytest.fixture
def partner_admin(plenty_of_seats, company, member) -> User:
    return member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user


def test_the_vendors_field_selection_in_admin_records_each_field(admin, boss, company):
    connection = ConnectionFactory.create(partner_account=company)
    data = {"connection": connection.pk, "object_type": "Lead"}
    data.update({"export__last_name": "on", "export__status": "on", "update__status": "on"})

    admin.post(reverse("admin:sync_objectmapping_add"), data, REMOTE_ADDR=IP)

    mapping = ObjectMapping.objects.get()
    assert _entries(ObjectMapping)[0].action == LogEntry.Action.CREATE
    created = _entries(FieldMapping)
    assert {(e.action, e.actor, e.remote_addr) for e in created} == {
        (LogEntry.Action.CREATE, boss, IP)
    }
    assert sorted((e.changes["field_name"][1], e.changes["send_updates"][1]) for e in created) == [
        ("last_name", False),
        ("status", True),
    ]

    mapping_vendor_save(
        actor=boss,
        connection=connection,
        object_type="Lead",
        exported=["last_name"],
        update_fields=["last_name"],
    )

    later = sorted(_entries(FieldMapping)[2:], key=lambda e: e.action)
    assert [(e.action, e.object_repr.split(" ")[0], e.actor) for e in later] == [
        (LogEntry.Action.UPDATE, "last_name", None),
        (LogEntry.Action.DELETE, "status", None),
    ]
    assert later[0].changes == {"send_updates": [False, True]}
    assert later[1].changes["field_name"] == ["status", None]
    assert list(mapping.fields.values_list("field_name", flat=True)) == ["last_name"]


def test_the_partners_mapping_and_the_connection_turning_enabled_are_recorded(
    client, boss, company, partner_admin, monkeypatch
):
    monkeypatch.setattr(
        "sync.views.connect.mapping_describe", lambda connection, obj: (describe_of(obj), "")
    )
    connection = ConnectionFactory.create(partner_account=company, credentials_ok=True)
    mapping_vendor_save(
        actor=boss,
        connection=connection,
        object_type="Lead",
        exported=["last_name", "company"],
        update_fields=[],
    )
    client.force_login(partner_admin)
    data = {
        "accept_last_name": "on",
        "target_last_name": "LastName",
        "accept_company": "on",
        "target_company": "Company",
        "default_owner_id": "005000000000001AAA",
        "external_id_field": "Vendor_Record_Id__c",
        "connected_object": "Connected_External_Lead__c",
    }

    client.post(reverse("sync:mapping-edit", args=["lead"]), data, REMOTE_ADDR=IP)

    accepted = _entries(FieldMapping)[2:]
    assert {(e.action, e.actor, e.remote_addr) for e in accepted} == {
        (LogEntry.Action.UPDATE, partner_admin, IP)
    }
    assert sorted(e.changes["target_field"][1] for e in accepted) == ["Company", "LastName"]
    assert all(e.changes["accepted"] == [False, True] for e in accepted)
    state = _last(ObjectMapping)
    assert (state.actor, state.changes["state"]) == (partner_admin, ["Selected", "ActiveMapping"])
    enabled = _last(Connection)
    assert (enabled.action, enabled.actor, enabled.remote_addr) == (
        LogEntry.Action.UPDATE,
        partner_admin,
        IP,
    )
    assert enabled.changes == {"status": [ConnectionStatus.PENDING, ConnectionStatus.ENABLED]}


def test_saving_credentials_is_recorded_and_no_secret_reaches_the_log(
    client, company, partner_admin
):
    connection = ConnectionFactory.create(
        partner_account=company, my_domain="", client_id="", client_secret_encrypted=""
    )
    client.force_login(partner_admin)
    data = {
        "my_domain": "acme.my.salesforce.com",
        "client_id": "3MVG9client",
        "client_secret": "top-secret-42",
    }

    client.post(reverse("sync:connect-setup"), data, REMOTE_ADDR=IP)
    client.post(reverse("sync:connect-rotate"), {"client_secret": "next-secret-43"}, REMOTE_ADDR=IP)

    connection.refresh_from_db()
    saved = _entries(Connection)[1]
    assert (saved.actor, saved.remote_addr) == (partner_admin, IP)
    assert saved.changes["my_domain"] == ["", "acme.my.salesforce.com"]
    assert saved.changes["client_id"] == ["", "3MVG9client"]
    assert "secret_rotated_at" in _last(Connection).changes
    assert connection.client_secret_encrypted
    logged = json.dumps(list(LogEntry.objects.values()), default=str)  # every column of every entry
    for secret in ("top-secret-42", "next-secret-43", connection.client_secret_encrypted):
        assert secret not in logged
    assert "client_secret_encrypted" not in logged


# -- exports -------------------------------------------------------------------------------------


def test_starting_an_export_records_who_how_many_and_which_object(
    client, company, plenty_of_seats, member
):
    exporter = member(company, can_export=True).user
    enabled_connection(partner_account=company)
    leads = [LeadFactory.create(owner=exporter) for _ in range(2)]
    client.force_login(exporter)

    client.post(
        reverse("sync:export-confirm", args=["lead"]),
        {"selected": [lead.pk for lead in leads]},
        REMOTE_ADDR=IP,
    )

    job = ExportJob.objects.get()
    entry = _entries(ExportJob)[0]
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.CREATE, exporter, IP)
    assert entry.object_pk == str(job.pk)
    assert entry.changes["size"] == [None, 2]
    assert entry.changes["object_type"] == [None, "Lead"]
    assert entry.changes["actor"] == [None, exporter.pk]
    # One entry per export, none per record.
    assert _entries(RecordMap) == [] and _entries(ExportJobItem) == []


# -- the log in admin ----------------------------------------------------------------------------


def _csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_download_holds_the_filtered_rows_with_formulas_quoted(admin, boss, company):
    formula = PartnerAccountFactory.create(name="=HYPERLINK(1)")
    invitation_create(actor=None, email="x@p.example.com", partner_account=company)
    accounts = ContentType.objects.get_for_model(PartnerAccount)
    expected = LogEntry.objects.filter(content_type=accounts, action=LogEntry.Action.CREATE)

    response = admin.get(DOWNLOAD, {"resource_type": accounts.pk, "action__exact": 0})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response)
    assert sorted(row["Object id"] for row in rows) == sorted(e.object_pk for e in expected)
    assert {row["Model"] for row in rows} == {"accounts.partneraccount"}
    assert {row["Action"] for row in rows} == {"create"}
    quoted = [row for row in rows if row["Object id"] == str(formula.pk)]
    assert quoted[0]["Object"] == "'=HYPERLINK(1)"
    assert json.loads(quoted[0]["Changes"])["name"] == [None, "=HYPERLINK(1)"]

    page = admin.get(CHANGELIST, {"resource_type": accounts.pk}).content.decode()
    assert f"{DOWNLOAD}?resource_type={accounts.pk}" in page


def test_download_selected_action_returns_only_the_chosen_entries(admin, company):
    chosen = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PartnerAccount)
    ).first()
    assert chosen is not None
    response = admin.post(
        CHANGELIST, {"action": "download_selected", "_selected_action": [chosen.pk]}
    )
    rows = _csv_rows(response)
    assert [(row["Object id"], row["Object"]) for row in rows] == [(chosen.object_pk, str(company))]


def test_the_log_filters_by_actor_and_date(admin, boss, company):
    _admin_action(admin, "accounts_partneraccount", "deactivate", [company.pk])
    assert LogEntry.objects.filter(actor=None).exists()
    page = admin.get(CHANGELIST)
    assert {spec.title for spec in page.context["cl"].filter_specs} >= {
        "actor",
        "timestamp",
        "action",
        "Resource Type",
    }

    by_boss = admin.get(CHANGELIST, {"actor__id__exact": boss.pk}).context["cl"].result_list
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = admin.get(CHANGELIST, {"timestamp__gte": str(midnight)})

    assert [(e.actor, e.changes) for e in by_boss] == [(boss, {"is_active": [True, False]})]
    assert today.context["cl"].result_count == LogEntry.objects.count()
    later = admin.get(CHANGELIST, {"timestamp__gte": str(midnight + dt.timedelta(days=1))})
    assert later.context["cl"].result_count == 0


def test_staff_with_the_view_permission_read_the_log(client, company):
    clerk = StaffFactory.create()
    clerk.user_permissions.add(
        Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")
    )
    client.force_login(clerk)

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(DOWNLOAD).status_code == 200


def test_staff_without_the_permission_and_partner_users_cannot_reach_the_log(
    client, plenty_of_seats, company, member
):
    client.force_login(StaffFactory.create())
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(DOWNLOAD).status_code == 403

    client.force_login(member(company, is_partner_admin=True).user)
    for url in (CHANGELIST, DOWNLOAD):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# -- source address ------------------------------------------------------------------------------


def test_a_forged_forwarded_for_header_does_not_change_the_recorded_address(
    admin, plenty_of_seats, company, member
):
    membership = member(company)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {"role": PartnerRole.USER, "can_export": "on", "is_active": "on"}
    response = admin.post(url, data, REMOTE_ADDR=IP, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert response.status_code == 302
    assert _last(Membership).remote_addr == IP


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_recorded(
    admin, plenty_of_seats, company, member, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    membership = member(company)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {"role": PartnerRole.USER, "can_export": "on", "is_active": "on"}
    response = admin.post(url, data, REMOTE_ADDR=IP, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert response.status_code == 302
    assert _last(Membership).remote_addr == "203.0.113.66"
