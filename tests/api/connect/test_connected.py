"""GET /connected-leads/ and /connected-opportunities/: read-only, as the related lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sync.models import ConnectedExternalRecord, FieldMapping, InboundStatus, ObjectType
from tests.factories import LeadFactory, OpportunityFactory
from tests.factories.sync import exported

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/connected-leads/"
OPPORTUNITIES = "/api/v1/connected-opportunities/"
CHANGED = timezone.make_aware(dt.datetime(2026, 11, 20, 9, 30))


def connected(record_map, **values):
    kind = "lead" if record_map.lead_id else "opportunity"
    return ConnectedExternalRecord.objects.create(
        record_map=record_map,
        connection=record_map.connection,
        object_type=record_map.object_type,
        values=values,
        last_changed_at=CHANGED,
        inbound_status=InboundStatus.UPDATE_SUCCESS,
        **{kind: getattr(record_map, kind)},
    )


@pytest.fixture
def peer(connection, exporter):
    lead = LeadFactory.create(owner=exporter, last_name="Peer")
    row = connected(exported(lead, connection), status="Working - Contacted", phone="555-0101")
    # The partner did not accept the phone field: it never shows.
    FieldMapping.objects.filter(object_mapping__connection=connection, field_name="phone").update(
        accepted=False
    )
    return row


@pytest.fixture
def foreign_peer(other_connection, foreign_lead):
    return connected(exported(foreign_lead, other_connection), status="Secret status")


def test_a_partner_user_reads_the_connected_leads_of_records_they_see(
    api_client_for, exporter, peer, foreign_peer
):
    response = api_client_for(exporter).get(LEADS)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": peer.pk,
            "record_id": peer.lead_id,
            "company": "Acme Partners",
            "values": [
                {
                    "label": "Status",
                    "value": "Working - Contacted",
                    "partner_value": "Working - Contacted",
                    "note": "",
                }
            ],
            "last_changed_at": "2026-11-20T09:30:00Z",
            "status": "UpdateSuccess",
            "error": "",
        }
    ]
    assert "Secret" not in response.content.decode()


def test_another_companys_connected_record_is_not_found(
    api_client_for, exporter, peer, foreign_peer
):
    response = api_client_for(exporter).get(f"{LEADS}{foreign_peer.pk}/")

    assert response.status_code == 404
    assert api_client_for(exporter).get(f"{LEADS}{peer.pk}/").status_code == 200


def test_a_colleague_who_cannot_see_the_lead_sees_none_of_its_connected_records(
    api_client_for, company, member, peer
):
    colleague = member(company).user

    assert api_client_for(colleague).get(LEADS).json()["results"] == []
    assert api_client_for(colleague).get(f"{LEADS}{peer.pk}/").status_code == 404


def test_vendor_staff_see_every_partner_orgs_connected_records(
    api_client_for, vendor_admin, peer, foreign_peer
):
    results = api_client_for(vendor_admin).get(LEADS).json()["results"]

    assert {row["id"] for row in results} == {peer.pk, foreign_peer.pk}


def test_connected_opportunities_list_only_opportunities(
    api_client_for, connection, exporter, peer
):
    opportunity = OpportunityFactory.create(owner=exporter)
    row = connected(
        exported(opportunity, connection, object_type=ObjectType.OPPORTUNITY), stage_name="Won"
    )

    results = api_client_for(exporter).get(OPPORTUNITIES).json()["results"]
    assert [r["id"] for r in results] == [row.pk]
    assert api_client_for(exporter).get(f"{OPPORTUNITIES}{peer.pk}/").status_code == 404


def test_the_list_filters_by_record_and_refuses_bad_values(api_client_for, exporter, peer):
    client = api_client_for(exporter)

    assert [r["id"] for r in client.get(LEADS, {"record": peer.lead_id}).json()["results"]] == [
        peer.pk
    ]
    assert client.get(LEADS, {"record": peer.lead_id + 1}).json()["results"] == []
    assert client.get(LEADS, {"record": "x"}).status_code == 400
    assert client.get(LEADS, {"inbound_status": "Nope"}).status_code == 400


def test_connected_records_are_read_only(api_client_for, exporter, peer):
    client = api_client_for(exporter)

    assert client.post(LEADS, {}).status_code == 405
    assert client.patch(f"{LEADS}{peer.pk}/", {"values": {}}).status_code == 405
    assert client.delete(f"{LEADS}{peer.pk}/").status_code == 405
    assert ConnectedExternalRecord.objects.get(pk=peer.pk).values["status"] == (
        "Working - Contacted"
    )


def test_anonymous_callers_are_refused(anonymous_api_client, peer):
    assert anonymous_api_client.get(LEADS).status_code == 401


def test_the_list_costs_the_same_queries_whatever_the_page_holds(
    api_client_for, connection, exporter, peer
):
    client = api_client_for(exporter)
    client.get(LEADS)  # the token's first use is written once; later requests skip it
    with CaptureQueriesContext(db) as one:
        assert len(client.get(LEADS).json()["results"]) == 1
    for n in range(4):
        lead = LeadFactory.create(owner=exporter, last_name=f"More {n}")
        connected(exported(lead, connection), status="Working - Contacted")
    with CaptureQueriesContext(db) as five:
        assert len(client.get(LEADS).json()["results"]) == 5

    assert len(five.captured_queries) == len(one.captured_queries)
