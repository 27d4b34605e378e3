"""Update poll (partner -> vendor) through real HTTP against the org emulator."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from emulator.control import org_record_delete, org_record_update
from portal.models import Lead, LeadStatus
from sync.models import (
    ConnectedExternalRecord,
    ConnectionStatus,
    InboundStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
    SyncLease,
)
from sync.services.connections.setup import connection_status_refresh
from sync.services.updates.common import CYCLE_TASK, POLL, lease_take, schedule_name
from sync.services.updates.outbox import updates_queue
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push
from sync.services.updates.schedule import updates_cycle
from tests.factories.sync import ConnectionFactory, standard_mapping
from tests.helpers.updates import connected_leads, endpoint_calls

pytestmark = pytest.mark.django_db


def _partner_edit(org, record_map: RecordMap, as_user: str | None = None, **values: object):
    return org_record_update(
        org.base_url,
        host=org.host,
        sobject="Lead",
        record_id=record_map.external_id,
        values=values,
        as_user=as_user,
    )


@pytest.fixture
def polled_lead(org, org_connection, exported_leads):
    """One exported lead, polled once so its connected record holds the imported values."""
    (lead,) = exported_leads(1, status=LeadStatus.OPEN, title="Buyer")
    report = updates_poll(connection_id=org_connection.pk)
    assert (report.returned, report.changed, report.errors) == (1, 0, [])
    return lead


def test_the_first_poll_seeds_the_connected_record_with_the_imported_values(
    org_connection, polled_lead
):
    connected = ConnectedExternalRecord.objects.get()
    assert connected.lead_id == polled_lead.pk
    assert connected.values == {
        "email": None,
        "phone": None,
        "rating": None,
        "status": "Open - Not Contacted",
        "title": "Buyer",
    }
    assert connected.inbound_status == ""
    org_connection.refresh_from_db()
    assert org_connection.poll_watermark is not None


def test_a_partner_change_lands_in_the_connected_record_and_leaves_the_lead_alone(
    org, org_connection, polled_lead
):
    record_map = RecordMap.objects.get()
    _partner_edit(org, record_map, Status="Working - Contacted", Title="Head of Buying")

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.changed, report.errors) == (1, [])
    connected = ConnectedExternalRecord.objects.get()
    assert (connected.values["status"], connected.values["title"]) == (
        "Working - Contacted",
        "Head of Buying",
    )
    assert connected.inbound_status == InboundStatus.UPDATE_SUCCESS
    assert connected.last_changed_at is not None
    record_map.refresh_from_db()
    assert record_map.inbound_status == InboundStatus.UPDATE_SUCCESS
    lead = Lead.objects.get(pk=polled_lead.pk)
    assert (lead.status, lead.title) == (LeadStatus.OPEN, "Buyer")


def test_a_change_by_our_integration_user_that_we_never_pushed_refreshes_the_copy(
    org, org_connection, polled_lead
):
    record_map = RecordMap.objects.get()
    _partner_edit(org, record_map, as_user=org.integration_user_id, Title="Written by us")

    report = updates_poll(connection_id=org_connection.pk)

    # Not an echo of a push (none was sent): the org holds it, so the copy says so.
    assert (report.returned, report.ignored, report.changed) == (1, 0, 1)
    connected = ConnectedExternalRecord.objects.get()
    assert connected.values["title"] == "Written by us"
    assert connected.inbound_status == InboundStatus.UPDATE_SUCCESS


def test_a_value_equal_to_the_stored_one_writes_nothing(org, org_connection, polled_lead):
    record_map = RecordMap.objects.get()
    before = ConnectedExternalRecord.objects.values().get()
    # Company is not an update field: the record comes back with the same update values.
    _partner_edit(org, record_map, Company="Renamed in the partner org", Title="Buyer")

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.returned, report.unchanged, report.changed) == (1, 1, 0)
    assert ConnectedExternalRecord.objects.values().get() == before
    record_map.refresh_from_db()
    assert record_map.inbound_status == InboundStatus.IMPORT_SUCCESS


def test_a_record_deleted_in_the_partner_org_breaks_the_link(org, org_connection, polled_lead):
    record_map = RecordMap.objects.get()
    org_record_delete(org.base_url, host=org.host, sobject="Lead", record_id=record_map.external_id)

    report = updates_poll(connection_id=org_connection.pk)

    assert report.gone == 1
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    connected = ConnectedExternalRecord.objects.get()
    assert connected.inbound_status == InboundStatus.UPDATE_CONNECTED_RECORD_ERROR
    assert connected.error_message.startswith("UpdateSubscribeRecordNotFound")
    # Later vendor changes are not sent to a record that is gone.
    before = endpoint_calls(org)
    Lead.objects.filter(pk=polled_lead.pk).update(title="CEO")
    updates_queue(record_map_ids=[record_map.pk])
    assert updates_push(connection_id=org_connection.pk).sent == 0
    assert endpoint_calls(org) == before


def test_the_poll_asks_for_200_ids_per_query(org, org_connection, exported_leads):
    exported_leads(450)
    before = endpoint_calls(org).get("query_all", 0)

    report = updates_poll(connection_id=org_connection.pk)

    assert report.returned == 450
    assert endpoint_calls(org)["query_all"] - before == 3
    assert ConnectedExternalRecord.objects.count() == 450


def test_only_changes_since_the_watermark_come_back(org, org_connection, exported_leads):
    exported_leads(3)
    updates_poll(connection_id=org_connection.pk)
    # A watermark past the export's stamps (SOQL compares whole seconds), then a change after it.
    later = timezone.now() + timedelta(seconds=1)
    type(org_connection).objects.filter(pk=org_connection.pk).update(poll_watermark=later)
    time.sleep(2.1)
    first = RecordMap.objects.order_by("pk").first()
    assert first is not None

    _partner_edit(org, first, Title="Changed")
    report = updates_poll(connection_id=org_connection.pk)

    assert (report.returned, report.changed) == (1, 1)


def test_a_poll_does_not_run_while_another_holds_the_connection(
    org, org_connection, exported_leads
):
    exported_leads(1)
    assert lease_take(connection_id=org_connection.pk, kind=POLL)
    before = endpoint_calls(org)

    assert updates_poll(connection_id=org_connection.pk).returned == 0
    assert endpoint_calls(org) == before
    assert ConnectedExternalRecord.objects.count() == 0

    SyncLease.objects.update(held_until=timezone.now() - timedelta(seconds=1))
    assert updates_poll(connection_id=org_connection.pk).returned == 1


def test_a_connection_that_is_not_enabled_is_not_polled(org, org_connection, exported_leads):
    exported_leads(1)
    org_connection.status = ConnectionStatus.DISABLED
    org_connection.save()
    before = endpoint_calls(org)

    assert updates_poll(connection_id=org_connection.pk).returned == 0
    assert endpoint_calls(org) == before


def test_an_enabled_connection_has_one_schedule_and_loses_it_when_disabled(
    org_connection, settings
):
    (schedule,) = Schedule.objects.filter(name=schedule_name(org_connection.pk))
    assert (schedule.func, schedule.args, schedule.schedule_type, schedule.minutes) == (
        CYCLE_TASK,
        repr((org_connection.pk,)),
        Schedule.MINUTES,
        1,
    )
    assert settings.Q_CLUSTER["catch_up"] is False
    org_connection.save()
    assert Schedule.objects.filter(name=schedule_name(org_connection.pk)).count() == 1

    org_connection.status = ConnectionStatus.DISABLED
    org_connection.save()
    assert not Schedule.objects.filter(name=schedule_name(org_connection.pk)).exists()


def test_the_scheduled_round_pushes_a_bypassing_change_and_polls(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    Lead.objects.filter(pk=lead.pk).update(title="CEO")  # no signal, no outbox row

    updates_cycle(connection_id=org_connection.pk)

    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CEO"
    assert ConnectedExternalRecord.objects.get().values["title"] is None


def test_a_connection_enabled_by_its_status_refresh_gets_its_schedule():
    connection = ConnectionFactory.create(status=ConnectionStatus.PENDING, credentials_ok=True)
    standard_mapping(connection, ObjectType.LEAD)
    assert not Schedule.objects.filter(name=schedule_name(connection.pk)).exists()

    connection_status_refresh(connection)

    assert connection.status == ConnectionStatus.ENABLED
    assert Schedule.objects.filter(name=schedule_name(connection.pk), func=CYCLE_TASK).exists()
