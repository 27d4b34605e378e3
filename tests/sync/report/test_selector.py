"""Rows of the status report: columns, advice per status, last import log result, queries."""

from __future__ import annotations

import pytest

from sync.models import ImportLog, ImportLogStatus, InboundStatus, OutboundStatus
from sync.selectors.report import report_maps, report_rows
from sync.services.export.status import ADVICE, INBOUND_ADVICE, UPDATE_ADVICE
from tests.factories import LeadFactory, OpportunityFactory
from tests.factories.sync import exported, job_with

pytestmark = pytest.mark.django_db

OS = OutboundStatus


def _rows(viewer, **kwargs):
    return report_rows(viewer=viewer, maps=list(report_maps(**kwargs)))


@pytest.mark.parametrize(
    ("outbound", "inbound", "expected"),
    [
        (OS.EXPORT_SUCCESS, InboundStatus.IMPORT_SUCCESS, ""),
        (OS.EXPORT_PUBLISH_FIELD_MAP_ERROR, "", ADVICE[OS.EXPORT_PUBLISH_FIELD_MAP_ERROR]),
        (
            OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR,
            InboundStatus.IMPORT_CONNECTED_RECORD_ERROR,
            ADVICE[OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR],
        ),
        (OS.EXPORT_PUBLISH_CONNECTION_ERROR, "", ADVICE[OS.EXPORT_PUBLISH_CONNECTION_ERROR]),
        (OS.EXPORT_PUBLISH_EVENT_ERROR, "", ADVICE[OS.EXPORT_PUBLISH_EVENT_ERROR]),
        (OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR, "", ADVICE[OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR]),
        (OS.UPDATE_SUCCESS, InboundStatus.UPDATE_SUCCESS, ""),
        (
            OS.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND,
            "",
            "None: the counterpart was deleted in the other org, so the link is broken.",
        ),
        (OS.UPDATE_PUBLISH_CONNECTION_ERROR, "", UPDATE_ADVICE[OS.UPDATE_PUBLISH_CONNECTION_ERROR]),
        (OS.UPDATE_PUBLISH_EVENT_ERROR, "", UPDATE_ADVICE[OS.UPDATE_PUBLISH_EVENT_ERROR]),
        (
            OS.UPDATE_SUCCESS,
            InboundStatus.UPDATE_UNKNOWN_ERROR,
            ADVICE[OS.EXPORT_PUBLISH_UNKNOWN_ERROR],
        ),
        (
            OS.UPDATE_SUCCESS,
            InboundStatus.UPDATE_FIELD_MAP_ERROR,
            INBOUND_ADVICE[InboundStatus.UPDATE_FIELD_MAP_ERROR],
        ),
    ],
)
def test_each_status_gets_the_troubleshooting_advice(
    connection, exporter, outbound, inbound, expected
):
    lead = LeadFactory.create(owner=exporter, first_name="Ada", last_name="Lovelace")
    exported(lead, connection, outbound_status=outbound, inbound_status=inbound, external_id="00Q1")
    (row,) = _rows(exporter)
    assert row.advice == expected
    assert row.failed is outbound.endswith("Error")
    assert (row.record_id, row.name, row.url) == (lead.pk, "Ada Lovelace", f"/leads/{lead.pk}/")
    assert row.record_map.external_id == "00Q1"


def test_transport_advice_says_retried_and_update_field_map_advice_names_the_mapping():
    assert "retried automatically" in UPDATE_ADVICE[OS.UPDATE_PUBLISH_EVENT_ERROR]
    assert "reconnect" in UPDATE_ADVICE[OS.UPDATE_PUBLISH_CONNECTION_ERROR]
    assert "mapping" in INBOUND_ADVICE[InboundStatus.IMPORT_CONNECTED_RECORD_ERROR]


def test_a_record_the_viewer_cannot_see_shows_only_its_id(connection, exporter, partner_admin):
    lead = LeadFactory.create(owner=partner_admin)
    exported(lead, connection)
    (row,) = _rows(exporter)
    assert (row.record_id, row.name, row.url) == (lead.pk, "", "")


def test_last_import_log_result_is_the_log_covering_the_records_chunk(connection, exporter):
    first, second = (
        exported(LeadFactory.create(owner=exporter), connection, outbound_status=status)
        for status in (OS.EXPORT_SUCCESS, OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR)
    )
    job = job_with([first, second], actor=exporter)
    error = {"statusCode": "REQUIRED_FIELD_MISSING", "message": "Company missing", "fields": []}
    records = [
        {"order": 1, "status": OS.EXPORT_SUCCESS, "errors": []},
        {"order": 2, "status": OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR, "errors": [error]},
    ]
    ImportLog.objects.create(
        job=job,
        connection=connection,
        chunk=1,
        status=ImportLogStatus.COMPLETED,
        result={"chunk": 1, "records": records},
    )
    results = {row.record_map.pk: row.log_result for row in _rows(exporter)}
    assert results == {
        first.pk: "Chunk 1: ExportSuccess",
        second.pk: (
            "Chunk 1: ExportSubscribeFieldMapError (REQUIRED_FIELD_MISSING: Company missing)"
        ),
    }


def test_a_record_never_sent_in_a_logged_chunk_has_no_log_result(connection, exporter):
    exported(LeadFactory.create(owner=exporter), connection)
    (row,) = _rows(exporter)
    assert row.log_result == ""


def test_filters_by_connection_object_and_statuses(connection, exporter):
    lead = exported(LeadFactory.create(owner=exporter), connection)
    opportunity = exported(
        OpportunityFactory.create(owner=exporter),
        connection,
        outbound_status=OS.EXPORT_PUBLISH_EVENT_ERROR,
        inbound_status=InboundStatus.IMPORT_SUCCESS,
    )

    def pks(**filters):
        return [m.pk for m in report_maps(connection_id=connection.pk, filters=filters)]

    assert pks(object_type="Lead") == [lead.pk]
    assert pks(outbound_status=OS.EXPORT_PUBLISH_EVENT_ERROR) == [opportunity.pk]
    assert pks(inbound_status=InboundStatus.IMPORT_SUCCESS) == [opportunity.pk]
    assert sorted(pks(object_type="")) == sorted([lead.pk, opportunity.pk])
    assert list(report_maps(connection_id=connection.pk + 1000)) == []


def _page_of(count, connection, exporter):
    maps = [
        exported(
            (LeadFactory if n % 2 else OpportunityFactory).create(owner=exporter),
            connection,
            outbound_status=OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR,
        )
        for n in range(count)
    ]
    leads = [m for m in maps if m.lead_id]
    job = job_with(leads, actor=exporter)
    records = [{"order": n, "status": "ExportSuccess", "errors": []} for n in range(1, 60)]
    ImportLog.objects.create(
        job=job, connection=connection, chunk=1, status="Completed", result={"records": records}
    )


@pytest.mark.parametrize("count", [5, 50])
def test_rows_take_a_constant_number_of_queries(
    count, connection, exporter, django_assert_max_num_queries
):
    _page_of(count, connection, exporter)
    with django_assert_max_num_queries(6):
        rows = _rows(exporter, connection_id=connection.pk)
    assert len(rows) == count
    assert sum(1 for row in rows if row.log_result == "Chunk 1: ExportSuccess") == count // 2


def test_a_chunk_that_failed_whole_stands_only_for_records_not_logged(connection, exporter):
    first, second = (exported(LeadFactory.create(owner=exporter), connection) for _ in range(2))
    job = job_with([first, second], actor=exporter)
    ok = {"order": 1, "status": OS.EXPORT_SUCCESS, "errors": []}
    for chunk, result in ((1, {"records": [ok]}), (2, {"error": "Connection reset"})):
        ImportLog.objects.create(
            job=job, connection=connection, chunk=chunk, status="Completed", result=result
        )
    results = {row.record_map.pk: row.log_result for row in _rows(exporter)}
    assert results == {first.pk: "Chunk 1: ExportSuccess", second.pk: "Chunk 2: Connection reset"}
