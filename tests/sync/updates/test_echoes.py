"""Loop prevention: echoes of our pushes are no partner change; any other write refreshes the copy.

The connected record follows what the partner org holds. Only a change written back by our
integration user that equals what the last update push delivered, stamped at or after it, is
an echo: the copy shows it, but it sets no inbound status, is not counted, and nothing of it
is pushed again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from emulator.control import org_record_delete, org_record_update, org_records
from portal.models import Lead, LeadStatus
from sync.models import (
    ConnectedExternalRecord,
    InboundStatus,
    ObjectType,
    RecordMap,
    UpdateOutbox,
)
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push
from tests.helpers.export import export_and_run
from tests.helpers.updates import connected_leads, endpoint_calls, queued

pytestmark = pytest.mark.django_db


def _edit(org, record_map: RecordMap, as_user: str | None = None, **values: object) -> None:
    org_record_update(
        org.base_url,
        host=org.host,
        sobject="Lead",
        record_id=record_map.external_id,
        values=values,
        as_user=as_user,
    )


def _partner_lead(org, record_map: RecordMap) -> dict:
    (lead,) = [
        r
        for r in org_records(org.base_url, host=org.host, sobject="Lead")
        if r["Id"] == record_map.external_id
    ]
    return lead


def _vendor_title(lead: Lead, title: str, connection_id: int) -> None:
    """The vendor changes the title; the push delivers it to the Connected External Lead."""
    lead.title = title
    lead.save()
    assert updates_push(connection_id=connection_id).sent == 1


@pytest.fixture
def lead(org, org_connection, exported_leads):
    """One exported lead whose copy is seeded, then changed by the partner to Title A."""
    (lead,) = exported_leads(1, status=LeadStatus.OPEN, title="Buyer")
    updates_poll(connection_id=org_connection.pk)
    _edit(org, RecordMap.objects.get(), Title="A")
    report = updates_poll(connection_id=org_connection.pk)
    assert (report.changed, ConnectedExternalRecord.objects.get().values["title"]) == (1, "A")
    return lead


def test_a_re_export_that_overwrote_the_partners_value_refreshes_the_copy(
    org, org_connection, lead, exporter, django_capture_on_commit_callbacks
):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "B", org_connection.pk)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert job.succeeded == 1
    assert _partner_lead(org, record_map)["Title"] == "B"

    updates_poll(connection_id=org_connection.pk)

    connected = ConnectedExternalRecord.objects.get()
    assert connected.values["title"] == "B"


def test_a_re_export_before_the_push_is_read_as_a_change(
    org, org_connection, lead, exporter, django_capture_on_commit_callbacks
):
    record_map = RecordMap.objects.get()
    # Saved without the signal: nothing was pushed of Title B when the re-export writes it.
    Lead.objects.filter(pk=lead.pk).update(title="B")
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert _partner_lead(org, record_map)["Title"] == "B"

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.changed, report.ignored) == (1, 0)
    connected = ConnectedExternalRecord.objects.get()
    assert connected.values["title"] == "B"
    assert connected.inbound_status == InboundStatus.UPDATE_SUCCESS


def test_an_echo_of_our_push_shows_in_the_copy_but_is_no_partner_change(org, org_connection, lead):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "From the vendor", org_connection.pk)
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "From the vendor"
    changed_at = ConnectedExternalRecord.objects.get().last_changed_at
    # The partner org's automation copies the pushed value into its lead, as our user.
    _edit(org, record_map, as_user=org.integration_user_id, Title="From the vendor")
    ConnectedExternalRecord.objects.update(inbound_status="")
    RecordMap.objects.update(inbound_status="")

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.returned, report.ignored, report.changed) == (1, 1, 0)
    connected = ConnectedExternalRecord.objects.get()
    assert connected.values["title"] == "From the vendor"
    assert (connected.inbound_status, connected.last_changed_at) == ("", changed_at)
    record_map.refresh_from_db()
    assert record_map.inbound_status == ""


def test_an_echo_is_not_pushed_again(org, org_connection, lead):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "From the vendor", org_connection.pk)
    _edit(org, record_map, as_user=org.integration_user_id, Title="From the vendor")
    updates_poll(connection_id=org_connection.pk)
    before = endpoint_calls(org)

    assert queued() == []
    pushed = updates_push(connection_id=org_connection.pk)

    assert (pushed.sent, pushed.unchanged) == (0, 0)
    assert endpoint_calls(org) == before
    assert Lead.objects.get(pk=lead.pk).title == "From the vendor"
    # A second poll reads the same values: nothing more is written or counted.
    polled = updates_poll(connection_id=org_connection.pk)
    assert (polled.changed, polled.ignored) == (0, 0)


def test_a_partner_user_who_types_the_pushed_value_makes_a_partner_change(
    org, org_connection, lead
):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "From the vendor", org_connection.pk)
    _edit(org, record_map, Title="From the vendor")

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.changed, report.ignored) == (1, 0)
    assert ConnectedExternalRecord.objects.get().inbound_status == InboundStatus.UPDATE_SUCCESS


def test_our_write_of_a_value_other_than_the_pushed_one_is_a_change(org, org_connection, lead):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "From the vendor", org_connection.pk)
    _edit(org, record_map, as_user=org.integration_user_id, Title="Something else")

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.changed, report.ignored) == (1, 0)
    assert ConnectedExternalRecord.objects.get().values["title"] == "Something else"


def test_our_write_stamped_before_the_push_is_not_its_echo(org, org_connection, lead):
    record_map = RecordMap.objects.get()
    _vendor_title(lead, "From the vendor", org_connection.pk)
    _edit(org, record_map, as_user=org.integration_user_id, Title="From the vendor")
    # As if the push had been sent well after that write: the write cannot be its echo.
    UpdateOutbox.objects.update(sent_at=timezone.now() + timedelta(minutes=5))

    report = updates_poll(connection_id=org_connection.pk)

    assert (report.changed, report.ignored) == (1, 0)


def test_the_push_keeps_what_the_partner_org_took_and_forgets_what_it_refused(
    org, org_connection, lead
):
    _vendor_title(lead, "From the vendor", org_connection.pk)
    outbox = UpdateOutbox.objects.get()
    assert outbox.values_sent["Title__c"] == "From the vendor"
    assert outbox.values_sent["Vendor_Record_Id__c"] == str(lead.pk)

    record_map = RecordMap.objects.get()
    org_record_delete(org.base_url, host=org.host, sobject="Lead", record_id=record_map.external_id)
    lead.title = "Refused"
    lead.save()
    assert updates_push(connection_id=org_connection.pk).failed == 1

    outbox.refresh_from_db()
    assert outbox.values_sent == {}
