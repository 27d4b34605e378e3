"""The Connected External Leads related list on the partner site and in Django admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sync.models import (
    ConnectedExternalRecord,
    FieldMapping,
    InboundStatus,
    ObjectType,
    OutboundStatus,
)
from tests.factories import LeadFactory, OpportunityFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import enabled_connection, exported

pytestmark = pytest.mark.django_db

CHANGED = timezone.make_aware(dt.datetime(2026, 11, 20, 9, 30))


def _connected(record_map, **values):
    return ConnectedExternalRecord.objects.create(
        record_map=record_map,
        connection=record_map.connection,
        object_type=ObjectType.LEAD,
        lead=record_map.lead,
        values=values,
        last_changed_at=CHANGED,
        inbound_status=InboundStatus.UPDATE_SUCCESS,
    )


@pytest.fixture
def lead_with_peer_values(connection, exporter):
    lead = LeadFactory.create(owner=exporter, last_name="Peer")
    record_map = exported(lead, connection, external_id="00Q000000000001AAA")
    _connected(record_map, status="Working - Contacted", title="Head of Buying", phone="555-0101")
    # The partner did not accept the phone field: it never shows.
    FieldMapping.objects.filter(object_mapping__connection=connection, field_name="phone").update(
        accepted=False
    )
    return lead


def test_a_partner_user_sees_the_peer_values_of_the_accepted_update_fields(
    client, exporter, lead_with_peer_values
):
    client.force_login(exporter)
    body = client.get(reverse("portal:lead-detail", args=[lead_with_peer_values.pk])).content
    page = body.decode()

    assert "Connected External Leads" in page
    assert '<th scope="row">Status</th><td>Working - Contacted</td>' in page
    assert '<th scope="row">Title</th><td>Head of Buying</td>' in page
    assert "555-0101" not in page
    assert '<span class="status">Changes received</span>' in page  # UpdateSuccess, by its label


def test_a_partner_user_sees_only_their_own_company_connected_records(
    client, exporter, connection, lead_with_peer_values
):
    other = enabled_connection(partner_account=PartnerAccountFactory.create(name="Other Co"))
    other_map = exported(lead_with_peer_values, other, external_id="00Q000000000002AAA")
    _connected(other_map, status="Closed - Converted", title="Value of the other company")

    client.force_login(exporter)
    page = client.get(reverse("portal:lead-detail", args=[lead_with_peer_values.pk])).content
    assert b"Value of the other company" not in page
    assert b"Head of Buying" in page

    client.force_login(StaffFactory.create())
    page = client.get(reverse("portal:lead-detail", args=[lead_with_peer_values.pk])).content
    assert b"Value of the other company" in page
    assert b"Head of Buying" in page


def test_a_record_without_connected_records_shows_no_related_list(client, exporter):
    lead = LeadFactory.create(owner=exporter)
    client.force_login(exporter)
    page = client.get(reverse("portal:lead-detail", args=[lead.pk])).content
    assert b"Connected External" not in page


def test_a_counterpart_deleted_in_the_partner_org_shows_as_record_not_found(
    client, exporter, lead_with_peer_values
):
    record_map = lead_with_peer_values.record_maps.get()
    record_map.outbound_status = OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND
    record_map.last_error_message = "The record was deleted in the partner org."
    record_map.save()

    client.force_login(exporter)
    page = client.get(reverse("portal:lead-detail", args=[lead_with_peer_values.pk])).content
    assert b'<span class="status">Update failed: record gone</span>' in page  # by its label


def test_admin_shows_the_related_list_read_only_on_the_lead(admin_client, lead_with_peer_values):
    url = reverse("admin:portal_lead_change", args=[lead_with_peer_values.pk])
    page = admin_client.get(url).content.decode()

    assert "Connected External Leads" in page
    assert "Status: Working - Contacted; Title: Head of Buying" in page
    assert "555-0101" not in page
    assert "connected_external_records-TOTAL_FORMS" in page  # shown as a read-only inline
    assert 'name="connected_external_records-0-values"' not in page  # nothing editable


def test_connected_records_cannot_be_added_or_changed_in_admin(admin_client, lead_with_peer_values):
    connected = ConnectedExternalRecord.objects.get()
    change = reverse("admin:sync_connectedexternalrecord_change", args=[connected.pk])
    add = reverse("admin:sync_connectedexternalrecord_add")

    assert admin_client.get(add).status_code == 403
    admin_client.post(change, {"values": "{}"})
    connected.refresh_from_db()
    assert connected.values["title"] == "Head of Buying"


def test_an_opportunity_shows_connected_external_opportunities(client, exporter, connection):
    opportunity = OpportunityFactory.create(owner=exporter, name="Big deal")
    record_map = exported(opportunity, connection, external_id="006000000000001AAA")
    ConnectedExternalRecord.objects.create(
        record_map=record_map,
        connection=connection,
        object_type=ObjectType.OPPORTUNITY,
        opportunity=opportunity,
        values={"stage": "Negotiation/Review", "next_step": "Sign"},
        inbound_status=InboundStatus.UPDATE_SUCCESS,
    )

    client.force_login(exporter)
    page = client.get(reverse("portal:opportunity-detail", args=[opportunity.pk])).content.decode()

    assert "Connected External Opportunities" in page
    assert '<th scope="row">Next step</th><td>Sign</td>' in page


def test_both_sides_are_labelled_with_what_the_vendor_sent_beside_the_partner_copy(
    client, exporter, lead_with_peer_values
):
    client.force_login(exporter)
    page = client.get(reverse("portal:lead-detail", args=[lead_with_peer_values.pk])).content
    text = page.decode()
    assert '<th scope="col">Your company\'s Salesforce copy</th>' in text
    assert '<th scope="col">What the vendor sent</th>' in text
    # The partner org's status beside the vendor's own (the lead's current status label).
    vendor_status = lead_with_peer_values.get_status_display()
    assert f"<td>Working - Contacted</td><td>{vendor_status}</td>" in text
    assert '<th scope="row">Last sent by the vendor</th><td colspan="2">Not yet</td>' in text
