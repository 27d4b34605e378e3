"""Update push (vendor -> partner) through real HTTP into the org emulator."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from devtools.demo.connect import standard_mapping_save
from emulator.control import org_faults_set, org_record_delete, org_records
from portal.models import Lead, LeadStatus, PartnerEditableField, Stage
from portal.services.records import record_save, record_update_by_partner
from sync.models import (
    ConnectionStatus,
    ExportStatus,
    FieldMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
    SyncLease,
    UpdateOutbox,
)
from sync.services.connections.setup import connection_client
from sync.services.updates.common import PUSH, lease_take
from sync.services.updates.outbox import updates_sweep
from sync.services.updates.push import updates_push
from tests.factories import OpportunityFactory, StaffFactory
from tests.helpers.export import export_and_run
from tests.helpers.updates import connected_leads, endpoint_calls, make_due, queued

pytestmark = pytest.mark.django_db


def _edit(lead: Lead, **values: object) -> Lead:
    """Change a lead the way the admin and the site do (record_save)."""
    fresh = Lead.objects.get(pk=lead.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    record_save(actor=None, record=fresh)
    return fresh


def test_a_change_to_an_update_field_lands_in_the_partner_connected_record(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1, status=LeadStatus.OPEN)
    record_map = RecordMap.objects.get()
    before = endpoint_calls(org)

    _edit(lead, status=LeadStatus.WORKING, title="CTO")
    assert queued() == [record_map.pk]
    report = updates_push(connection_id=org_connection.pk)

    assert (report.sent, report.failed, report.retrying) == (1, 0, 0)
    remote = connected_leads(org)[str(lead.pk)]
    assert remote["Lead__c"] == record_map.external_id
    assert (remote["Status__c"], remote["Title__c"]) == ("Working - Contacted", "CTO")
    assert endpoint_calls(org)["collections_upsert"] == before["collections_upsert"] + 1
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUCCESS
    assert record_map.export_status == ExportStatus.EXPORTED
    assert record_map.last_modified_sent is not None
    assert queued() == []


def test_a_change_to_a_field_that_is_not_an_update_field_sends_nothing(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    _edit(lead, title="CTO")
    updates_push(connection_id=org_connection.pk)
    before, remote_before = endpoint_calls(org), connected_leads(org)

    _edit(lead, company="Renamed Ltd", city="Lyon")
    report = updates_push(connection_id=org_connection.pk)

    assert (report.sent, report.unchanged) == (0, 1)
    assert endpoint_calls(org) == before
    assert connected_leads(org) == remote_before
    assert queued() == []


def test_three_edits_within_the_window_send_once_with_the_last_values(
    org, org_connection, exported_leads, settings
):
    settings.UPDATE_PUSH_WINDOW_SECONDS = 1
    (lead,) = exported_leads(1)
    before = endpoint_calls(org)

    for title in ("Manager", "Director", "CTO"):
        _edit(lead, title=title)
    (row,) = UpdateOutbox.objects.all()
    assert row.due_at is not None and row.queued_at is not None
    assert row.due_at - row.queued_at < timedelta(seconds=1)  # due one window after the first
    report = updates_push(connection_id=org_connection.pk)

    assert report.sent == 1
    assert endpoint_calls(org)["collections_upsert"] == before["collections_upsert"] + 1
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CTO"


def test_450_changed_records_go_in_three_collection_requests(org, org_connection, exported_leads):
    leads = exported_leads(450)
    before = endpoint_calls(org)

    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(title="VP Sales")
    assert updates_sweep(connection_id=org_connection.pk) == 450
    report = updates_push(connection_id=org_connection.pk)

    assert report.sent == 450
    after = endpoint_calls(org)
    assert after["collections_upsert"] == before["collections_upsert"] + 3
    remote = connected_leads(org)
    assert len(remote) == 450
    assert {r["Title__c"] for r in remote.values()} == {"VP Sales"}


def test_a_change_made_with_queryset_update_is_found_by_the_sweep_and_pushed(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    _edit(lead, title="CTO")
    updates_push(connection_id=org_connection.pk)
    assert updates_sweep(connection_id=org_connection.pk) == 0  # nothing changed since

    Lead.objects.filter(pk=lead.pk).update(title="CEO")  # no signal
    assert queued() == []
    assert updates_sweep(connection_id=org_connection.pk) == 1
    updates_push(connection_id=org_connection.pk)

    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CEO"


def test_the_outbox_keeps_the_change_when_the_send_fails_and_the_next_run_sends_it(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    record_map = RecordMap.objects.get()
    org_faults_set(org.base_url, host=org.host, status_503=1)

    _edit(lead, title="CTO")
    report = updates_push(connection_id=org_connection.pk)

    assert (report.sent, report.retrying) == (0, 1)
    assert queued() == [record_map.pk]
    assert connected_leads(org) == {}
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_PUBLISH_EVENT_ERROR
    # Not due yet: a run now leaves it alone.
    assert updates_push(connection_id=org_connection.pk).sent == 0

    make_due()
    assert updates_push(connection_id=org_connection.pk).sent == 1
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CTO"
    assert queued() == []
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUCCESS


def test_a_connection_that_is_not_enabled_pushes_nothing_and_keeps_the_queue(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    before = endpoint_calls(org)
    org_connection.status = ConnectionStatus.DISABLED
    org_connection.save()

    _edit(lead, title="CTO")
    assert updates_push(connection_id=org_connection.pk).sent == 0
    assert endpoint_calls(org) == before
    assert len(queued()) == 1

    org_connection.status = ConnectionStatus.ENABLED
    org_connection.save()
    assert updates_push(connection_id=org_connection.pk).sent == 1
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CTO"


def test_a_push_does_not_run_while_another_holds_the_connection(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    assert lease_take(connection_id=org_connection.pk, kind=PUSH)

    _edit(lead, title="CTO")
    assert updates_push(connection_id=org_connection.pk).sent == 0
    assert len(queued()) == 1

    # A run that died: its lease runs out and the next run takes over.
    SyncLease.objects.update(held_until=timezone.now() - timedelta(seconds=1))
    assert updates_push(connection_id=org_connection.pk).sent == 1


def test_an_opportunity_change_lands_in_the_connected_external_opportunity(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory.create(
        owner=exporter, name="Big deal", amount=Decimal("5000.00"), stage=Stage.PROSPECTING
    )
    export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.OPPORTUNITY, [opportunity.pk]
    )
    record_map = RecordMap.objects.get()

    opportunity.refresh_from_db()
    opportunity.amount = Decimal("7500.50")
    opportunity.next_step = "Sign the contract"
    record_save(actor=None, record=opportunity)
    assert updates_push(connection_id=org_connection.pk).sent == 1

    (remote,) = org_records(
        org.base_url, host=org.host, sobject="Connected_External_Opportunity__c"
    )
    assert remote["Vendor_Record_Id__c"] == str(opportunity.pk)
    assert remote["Opportunity__c"] == record_map.external_id
    assert (remote["Amount__c"], remote["NextStep__c"]) == (7500.5, "Sign the contract")


def test_a_push_to_a_record_deleted_in_the_partner_org_ends_in_record_not_found(
    org, org_connection, exported_leads
):
    (lead,) = exported_leads(1)
    record_map = RecordMap.objects.get()
    org_record_delete(org.base_url, host=org.host, sobject="Lead", record_id=record_map.external_id)

    _edit(lead, title="CTO")
    report = updates_push(connection_id=org_connection.pk)

    assert (report.sent, report.failed) == (0, 1)
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    assert queued() == []


def test_a_partner_edit_on_the_site_is_queued_and_pushed_like_any_save(
    org, org_connection, exporter, exported_leads
):
    (lead,) = exported_leads(1)
    PartnerEditableField.objects.create(object_type="lead", field_name="title")

    record_update_by_partner(actor=exporter, record=lead, changes={"title": "Partner title"})
    assert len(queued()) == 1
    assert updates_push(connection_id=org_connection.pk).sent == 1

    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "Partner title"


def test_an_update_refused_for_the_mapping_is_sent_again_once_the_mapping_is_saved(
    org, org_connection, exported_leads, partner_admin
):
    (lead,) = exported_leads(1)
    # The partner's mapping sends the title to a field their Connected External Lead lacks.
    FieldMapping.objects.filter(
        object_mapping__connection=org_connection, field_name="title"
    ).update(target_field="Gone_Title")
    _edit(lead, title="CTO")
    assert updates_push(connection_id=org_connection.pk).failed == 1
    record_map = RecordMap.objects.get()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR
    # Values unchanged: nothing is tried again by itself.
    assert updates_push(connection_id=org_connection.pk).sent == 0

    client = connection_client(org_connection)
    describe = client.describe("Lead")
    client.close()
    admin = StaffFactory.create(is_superuser=True)
    standard_mapping_save(
        admin, partner_admin, org_connection, ObjectType.LEAD, describe, org.queue_id
    )
    assert queued() == [record_map.pk]

    assert updates_push(connection_id=org_connection.pk).sent == 1
    record_map.refresh_from_db()
    assert record_map.outbound_status == OutboundStatus.UPDATE_SUCCESS
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CTO"
