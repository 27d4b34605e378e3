"""The partner's picklist values read back in the vendor's terms, through the value map inverted.

A partner value one vendor value maps to shows as that vendor value; one that no vendor value
maps to, or several do, shows as it is, saying so (page, admin, API). The poll stores the
partner org's own values and never writes the vendor's record.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from emulator.control import org_record_update
from portal.models import Lead, Rating
from sync.models import ConnectedExternalRecord, FieldMapping, InboundStatus, ObjectType, RecordMap
from sync.payloads import ValueBack, picklist_value_back
from sync.services.updates.poll import updates_poll
from tests.factories import LeadFactory
from tests.factories.sync import exported

pytestmark = pytest.mark.django_db

NO_VENDOR_VALUE = "the partner org&#x27;s value; no vendor value maps to it"
CONNECTED_LEADS = "/api/v1/connected-leads/"


def _rating_map(connection, picklist_map: dict[str, str], default: str = "") -> None:
    FieldMapping.objects.filter(object_mapping__connection=connection, field_name="rating").update(
        picklist_map=picklist_map, picklist_default=default
    )


def _rating_row(page: str) -> str:
    start = page.index('<th scope="row">Rating</th>')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def hot_lead(connection, exporter):
    """A vendor Hot lead whose partner copy holds the partner's rating Warm."""
    lead = LeadFactory.create(owner=exporter, last_name="Peer", rating=Rating.HOT)
    record_map = exported(lead, connection, external_id="00Q000000000001AAA")
    ConnectedExternalRecord.objects.create(
        record_map=record_map,
        connection=connection,
        object_type=ObjectType.LEAD,
        lead=lead,
        values={"rating": "Warm"},
        inbound_status=InboundStatus.UPDATE_SUCCESS,
    )
    return lead


def test_a_partner_value_one_vendor_value_maps_to_reads_as_that_value():
    assert picklist_value_back({"Hot": "Warm", "Cold": "Cold"}, "", "Warm") == ValueBack(
        "Hot", "Warm"
    )


def test_a_partner_value_no_vendor_value_maps_to_stays_as_it_is_and_says_so():
    back = picklist_value_back({"Hot": "Warm"}, "", "Cold")
    assert (back.value, back.partner_value) == ("Cold", "Cold")
    assert back.note == "the partner org's value; no vendor value maps to it"


def test_the_partners_default_for_unmapped_values_stays_as_it_is_and_says_so():
    back = picklist_value_back({"Hot": "Warm"}, "Other", "Other")
    assert back.value == "Other"
    assert back.note == (
        "the partner org's value; it is the default for vendor values without a mapping"
    )


def test_the_default_maps_back_to_the_vendor_values_the_map_leaves_out():
    choices = ("Hot", "Warm", "Cold")
    assert picklist_value_back({"Hot": "Warm", "Warm": "Cool"}, "Other", "Other", choices) == (
        ValueBack("Cold", "Other")
    )
    # Cold is sent as the default Warm too, so Warm no longer names one vendor value.
    back = picklist_value_back({"Hot": "Warm"}, "Warm", "Warm", choices)
    assert (back.value, back.note) == (
        "Warm",
        "the partner org's value; the vendor values Cold, Hot and Warm all map to it",
    )
    # Every vendor value mapped: the default is never sent, so nothing maps to it.
    every = {"Hot": "Warm", "Warm": "Cool", "Cold": "Cold"}
    assert picklist_value_back(every, "Other", "Other", choices).note == (
        "the partner org's value; no vendor value maps to it"
    )


def test_a_partner_value_several_vendor_values_map_to_is_kept_and_named_in_order():
    one_order = picklist_value_back({"Warm": "Warm", "Hot": "Warm"}, "", "Warm")
    other_order = picklist_value_back({"Hot": "Warm", "Warm": "Warm"}, "", "Warm")
    assert one_order == other_order
    assert one_order.value == "Warm"
    assert (
        one_order.note == "the partner org's value; the vendor values Hot and Warm both map to it"
    )
    three = picklist_value_back({"Hot": "W", "Warm": "W", "Cold": "W"}, "", "W")
    assert (
        three.note == "the partner org's value; the vendor values Cold, Hot and Warm all map to it"
    )


def test_without_a_value_map_and_without_a_value_nothing_is_translated():
    assert picklist_value_back({}, "", "Warm") == ValueBack("Warm", "Warm")
    assert picklist_value_back({"Hot": "Warm"}, "", None) == ValueBack(None, None)


def test_the_page_shows_a_mapped_partner_value_as_the_vendor_value(
    client, exporter, connection, hot_lead
):
    _rating_map(connection, {"Hot": "Warm", "Warm": "Hot"})
    client.force_login(exporter)

    page = client.get(reverse("portal:lead-detail", args=[hot_lead.pk])).content.decode()

    assert _rating_row(page) == '<th scope="row">Rating</th><td>Hot</td><td>Hot</td>'


def test_the_page_flags_a_partner_value_no_vendor_value_maps_to(
    client, exporter, connection, hot_lead
):
    _rating_map(connection, {"Hot": "Hot", "Cold": "Cold"})
    client.force_login(exporter)

    page = client.get(reverse("portal:lead-detail", args=[hot_lead.pk])).content.decode()

    assert _rating_row(page) == (
        '<th scope="row">Rating</th>'
        f'<td>Warm <span class="muted">({NO_VENDOR_VALUE})</span></td><td>Hot</td>'
    )


def test_the_page_explains_a_partner_value_several_vendor_values_map_to(
    client, exporter, connection, hot_lead
):
    _rating_map(connection, {"Hot": "Warm", "Warm": "Warm"})
    client.force_login(exporter)

    page = client.get(reverse("portal:lead-detail", args=[hot_lead.pk])).content.decode()

    assert '<td>Warm <span class="muted">(the partner org&#x27;s value; the vendor values ' in (
        _rating_row(page)
    )
    assert "Hot and Warm both map to it)</span>" in _rating_row(page)


def test_admin_and_the_api_read_the_partner_value_back_the_same_way(
    admin_client, api_client_for, exporter, connection, hot_lead
):
    _rating_map(connection, {"Hot": "Warm"})
    change = reverse("admin:portal_lead_change", args=[hot_lead.pk])
    assert "Rating: Hot" in admin_client.get(change).content.decode()

    (row,) = api_client_for(exporter).get(CONNECTED_LEADS).json()["results"]
    assert row["values"] == [
        {"label": "Rating", "value": "Hot", "partner_value": "Warm", "note": ""}
    ]

    _rating_map(connection, {"Cold": "Cold"})
    assert "Rating: Warm (the partner org&#x27;s value; no vendor value maps to it)" in (
        admin_client.get(change).content.decode()
    )
    (row,) = api_client_for(exporter).get(CONNECTED_LEADS).json()["results"]
    assert row["values"] == [
        {
            "label": "Rating",
            "value": "Warm",
            "partner_value": "Warm",
            "note": "the partner org's value; no vendor value maps to it",
        }
    ]


def test_a_polled_partner_change_is_read_back_and_leaves_the_vendor_record_alone(
    client, org, org_connection, exporter, exported_leads
):
    _rating_map(org_connection, {"Hot": "Warm", "Warm": "Hot", "Cold": "Cold"})
    (lead,) = exported_leads(1, rating=Rating.HOT)
    updates_poll(connection_id=org_connection.pk)
    # The export sent the partner's Warm; the copy keeps it as the partner org holds it.
    assert ConnectedExternalRecord.objects.get().values["rating"] == "Warm"
    client.force_login(exporter)
    page = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    assert _rating_row(page) == '<th scope="row">Rating</th><td>Hot</td><td>Hot</td>'

    record_map = RecordMap.objects.get()
    org_record_update(
        org.base_url,
        host=org.host,
        sobject="Lead",
        record_id=record_map.external_id,
        values={"Rating": "Hot"},
    )
    assert updates_poll(connection_id=org_connection.pk).changed == 1

    page = client.get(reverse("portal:lead-detail", args=[lead.pk])).content.decode()
    # The partner's Hot is the vendor's Warm; the vendor's own lead stays Hot.
    assert _rating_row(page) == '<th scope="row">Rating</th><td>Warm</td><td>Hot</td>'
    assert Lead.objects.get(pk=lead.pk).rating == Rating.HOT
