"""Disable, reconnect and delete a connection, against the org emulator over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django_q.models import Schedule

from emulator.control import org_record_update, org_records
from portal.models import Lead, LeadStatus
from sync.crypto import secret_encrypt
from sync.errors import (
    ActionNotPermitted,
    ConnectionInvalid,
    ConnectionNotEnabled,
    DeleteNotConfirmed,
)
from sync.models import (
    ConnectedExternalRecord,
    Connection,
    ConnectionStatus,
    ExportJob,
    ItemStatus,
    JobStatus,
    ObjectMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
    UpdateOutbox,
)
from sync.services.connections.lifecycle import (
    connection_delete,
    connection_disable,
    connection_reconnect,
)
from sync.services.connections.setup import connection_invite
from sync.services.export import run as export_run
from sync.services.export.start import export_start
from sync.services.updates.common import schedule_name
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push
from tests.helpers.export import export_and_run, many_leads
from tests.helpers.updates import connected_leads, endpoint_calls, queued

pytestmark = pytest.mark.django_db


def _has_schedule(connection: Connection) -> bool:
    return Schedule.objects.filter(name=schedule_name(connection.pk)).exists()


def test_disable_refuses_a_new_export_with_a_message(org_connection, exporter, vendor_admin):
    (lead,) = many_leads(exporter, 1)
    connection_disable(actor=vendor_admin, connection=org_connection)

    with pytest.raises(ConnectionNotEnabled, match="not enabled"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    assert not ExportJob.objects.exists()
    assert not RecordMap.objects.exists()
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.DISABLED


def test_disable_stops_push_and_poll_without_a_request_and_keeps_the_queue(
    org, org_connection, exported_leads, vendor_admin
):
    (lead,) = exported_leads(1, title="Buyer")
    assert _has_schedule(org_connection)
    connection_disable(actor=vendor_admin, connection=org_connection)
    calls = endpoint_calls(org)

    lead.title = "Head of Buying"
    lead.save()
    push = updates_push(connection_id=org_connection.pk)
    poll = updates_poll(connection_id=org_connection.pk)

    assert (push.sent, poll.returned) == (0, 0)
    assert endpoint_calls(org) == calls
    assert queued() == [RecordMap.objects.get().pk]
    assert not _has_schedule(org_connection)


def test_a_job_mid_flight_stops_after_its_chunk_and_keeps_the_rest_pending(
    org, org_connection, exporter, vendor_admin, django_capture_on_commit_callbacks, monkeypatch
):
    leads = many_leads(exporter, 250)
    real_chunk = export_run.chunk_process

    def chunk_then_disable(run: Any, item_ids: Any) -> None:
        real_chunk(run, item_ids)
        org_connection.refresh_from_db()
        if org_connection.status == ConnectionStatus.ENABLED:
            connection_disable(actor=vendor_admin, connection=org_connection)

    monkeypatch.setattr(export_run, "chunk_process", chunk_then_disable)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [x.pk for x in leads]
    )

    assert (job.status, job.succeeded, job.failed) == (JobStatus.WAITING, 200, 0)
    assert job.items.filter(status=ItemStatus.PENDING).count() == 50
    waiting = RecordMap.objects.filter(job=job, outbound_status=OutboundStatus.EXPORT_IN_PROGRESS)
    assert waiting.count() == 50
    assert len(org_records(org.base_url, host=org.host, sobject="Lead")) == 200


def test_reconnect_resumes_the_waiting_job_to_the_end(
    org, org_connection, exporter, vendor_admin, django_capture_on_commit_callbacks, monkeypatch
):
    leads = many_leads(exporter, 250)
    real_chunk = export_run.chunk_process

    def chunk_then_disable(run: Any, item_ids: Any) -> None:
        real_chunk(run, item_ids)
        monkeypatch.setattr(export_run, "chunk_process", real_chunk)
        connection_disable(actor=vendor_admin, connection=org_connection)

    monkeypatch.setattr(export_run, "chunk_process", chunk_then_disable)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [x.pk for x in leads]
    )
    assert job.status == JobStatus.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        connection_reconnect(actor=vendor_admin, connection=org_connection)

    job.refresh_from_db()
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, 250, 0)
    assert len(org_records(org.base_url, host=org.host, sobject="Lead")) == 250
    assert org_connection.status == ConnectionStatus.ENABLED
    assert _has_schedule(org_connection)


def test_reconnect_sends_the_backlog_and_polls_from_the_old_watermark(
    org,
    org_connection,
    exported_leads,
    vendor_admin,
    partner_admin,
    django_capture_on_commit_callbacks,
):
    (lead,) = exported_leads(1, status=LeadStatus.OPEN, title="Buyer")
    updates_poll(connection_id=org_connection.pk)
    org_connection.refresh_from_db()
    watermark = org_connection.poll_watermark
    record_map = RecordMap.objects.get()
    connection_disable(actor=partner_admin, connection=org_connection)
    lead.title = "Head of Buying"
    lead.save()
    org_record_update(
        org.base_url,
        host=org.host,
        sobject="Lead",
        record_id=record_map.external_id,
        values={"Status": "Working - Contacted"},
    )
    org_connection.refresh_from_db()
    assert org_connection.poll_watermark == watermark

    with django_capture_on_commit_callbacks(execute=True):
        connection_reconnect(actor=partner_admin, connection=org_connection)

    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "Head of Buying"
    assert queued() == []
    connected = ConnectedExternalRecord.objects.get()
    assert connected.values["status"] == "Working - Contacted"
    org_connection.refresh_from_db()
    assert org_connection.poll_watermark > watermark


def test_reconnect_with_a_wrong_secret_stays_disabled_and_says_why(
    org, org_connection, vendor_admin, django_capture_on_commit_callbacks
):
    connection_disable(actor=vendor_admin, connection=org_connection)
    Connection.objects.filter(pk=org_connection.pk).update(
        client_secret_encrypted=secret_encrypt("not-the-secret")
    )

    stays = "Reconnect failed, the connection stays disabled: "
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(ConnectionInvalid) as error:
        connection_reconnect(actor=vendor_admin, connection=org_connection)

    assert error.value.message.startswith(stays)
    assert len(error.value.message) > len(stays)

    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.DISABLED
    assert not org_connection.credentials_ok
    assert not _has_schedule(org_connection)


def test_a_user_who_is_not_partner_admin_cannot_disable(org_connection, exporter):
    with pytest.raises(ActionNotPermitted):
        connection_disable(actor=exporter, connection=org_connection)
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.ENABLED


def test_a_partner_admin_cannot_delete(org_connection, partner_admin):
    name = org_connection.partner_account.name
    with pytest.raises(ActionNotPermitted, match="Only vendor admins"):
        connection_delete(actor=partner_admin, connection=org_connection, confirm_text=name)
    assert Connection.objects.filter(pk=org_connection.pk).exists()


def test_delete_needs_the_exact_company_name(org_connection, exported_leads, vendor_admin):
    exported_leads(1)
    name = org_connection.partner_account.name
    for typed in ("", name.upper(), name + "x"):
        with pytest.raises(DeleteNotConfirmed, match="exactly"):
            connection_delete(actor=vendor_admin, connection=org_connection, confirm_text=typed)
    assert Connection.objects.filter(pk=org_connection.pk).exists()
    assert RecordMap.objects.count() == 1


def test_delete_removes_vendor_data_leaves_the_org_alone_and_allows_a_new_connection(
    org, org_connection, exported_leads, vendor_admin, partner_admin
):
    (lead,) = exported_leads(1, title="Buyer")
    updates_poll(connection_id=org_connection.pk)
    lead.title = "Head of Buying"
    lead.save()
    calls = endpoint_calls(org)
    company = org_connection.partner_account

    connection_delete(actor=vendor_admin, connection=org_connection, confirm_text=company.name)

    assert endpoint_calls(org) == calls
    assert not Connection.objects.exists()
    for model in (ObjectMapping, RecordMap, ConnectedExternalRecord, UpdateOutbox, ExportJob):
        assert not model.objects.exists(), model
    assert not _has_schedule(org_connection)
    assert len(org_records(org.base_url, host=org.host, sobject="Lead")) == 1
    assert Lead.objects.filter(pk=lead.pk).exists()
    fresh = connection_invite(actor=vendor_admin, partner_account=company)
    assert (fresh.status, fresh.pk != org_connection.pk) == (ConnectionStatus.PENDING, True)
