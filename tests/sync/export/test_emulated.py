"""Exports through real simple-salesforce HTTP into the org emulator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from emulator.control import org_records, org_stats
from portal.models import LeadStatus, Rating, Stage
from sync.errors import ExportRefused
from sync.models import (
    ExportJob,
    ExportStatus,
    FieldMapping,
    ImportLogStatus,
    InboundStatus,
    ItemStatus,
    JobStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.export.start import export_start
from tests.factories import LeadFactory, OpportunityFactory
from tests.helpers.export import export_and_run, many_leads

pytestmark = pytest.mark.django_db


def _records(org, sobject: str = "Lead") -> list[dict]:
    return org_records(org.base_url, host=org.host, sobject=sobject)


def _calls(org) -> tuple[int, dict[str, int]]:
    stats = org_stats(org.base_url, host=org.host)
    return stats["token_requests"], {k: v for k, v in stats["endpoints"].items() if v}


def test_a_lead_lands_in_the_org_with_its_mapped_fields(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(
        owner=exporter,
        first_name="Ada",
        last_name="Lovelace",
        company="Analytical Engines",
        email="ada@example.com",
        status=LeadStatus.WORKING,
        rating=Rating.HOT,
        annual_revenue=Decimal("1250000.00"),
        number_of_employees=42,
    )
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert (job.status, job.processed, job.succeeded, job.skipped, job.failed) == (
        JobStatus.COMPLETED,
        1,
        1,
        0,
        0,
    )
    (remote,) = _records(org)
    assert remote["Vendor_Record_Id__c"] == str(lead.pk)
    assert (remote["FirstName"], remote["LastName"], remote["Company"]) == (
        "Ada",
        "Lovelace",
        "Analytical Engines",
    )
    assert (remote["Email"], remote["Status"], remote["Rating"]) == (
        "ada@example.com",
        "Working - Contacted",
        "Hot",
    )
    assert remote["AnnualRevenue"] == 1250000.0
    assert remote["NumberOfEmployees"] == 42
    record_map = RecordMap.objects.get()
    assert record_map.external_id == remote["Id"]
    assert (record_map.outbound_status, record_map.export_status, record_map.inbound_status) == (
        OutboundStatus.EXPORT_SUCCESS,
        ExportStatus.EXPORTED,
        InboundStatus.IMPORT_SUCCESS,
    )
    assert record_map.job is None
    assert record_map.is_imported is False
    assert record_map.last_modified_sent is not None
    (log,) = job.import_logs.all()
    assert log.status == ImportLogStatus.COMPLETED
    assert log.result["records"] == [
        {
            "order": 1,
            "record_id": lead.pk,
            "external_id": remote["Id"],
            "success": True,
            "created": True,
            "status": "ExportSuccess",
            "errors": [],
        }
    ]
    assert _calls(org) == (1, {"collections_upsert": 1})


def test_an_opportunity_lands_in_the_org_with_its_default_owner(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    org_connection.object_mappings.filter(object_type=ObjectType.OPPORTUNITY).update(
        default_owner_id=org.user_ids[0]
    )
    opportunity = OpportunityFactory.create(
        owner=exporter,
        name="Big deal",
        amount=Decimal("5000.00"),
        close_date=dt.date(2026, 12, 1),
        stage=Stage.NEGOTIATION,
        probability=60,
    )
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.OPPORTUNITY, [opportunity.pk]
    )
    assert job.status == JobStatus.COMPLETED
    (remote,) = _records(org, "Opportunity")
    assert (remote["Name"], remote["Amount"], remote["CloseDate"], remote["StageName"]) == (
        "Big deal",
        5000.0,
        "2026-12-01",
        "Negotiation/Review",
    )
    assert remote["OwnerId"] == org.user_ids[0]
    assert RecordMap.objects.get(opportunity=opportunity).external_id == remote["Id"]


def test_a_thousand_leads_go_in_five_collection_requests_after_one_token(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    leads = many_leads(exporter, 1000)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk for lead in leads]
    )
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, 1000, 0)
    assert len(_records(org)) == 1000
    assert _calls(org) == (1, {"collections_upsert": 5})
    assert job.import_logs.filter(status=ImportLogStatus.COMPLETED).count() == 5
    assert RecordMap.objects.filter(export_status=ExportStatus.EXPORTED).count() == 1000
    assert set(job.items.values_list("status", flat=True)) == {ItemStatus.SENT}


def test_a_job_above_the_bulk_threshold_goes_through_the_bulk_api(
    org, org_connection, exporter, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BULK_THRESHOLD = 3
    leads = many_leads(exporter, 5)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk for lead in leads]
    )
    assert job.use_bulk
    assert (job.status, job.succeeded) == (JobStatus.COMPLETED, 5)
    remote = {r["Vendor_Record_Id__c"]: r["Id"] for r in _records(org)}
    maps = dict(RecordMap.objects.values_list("lead_id", "external_id"))
    assert remote == {str(pk): ext for pk, ext in maps.items()}
    _, endpoints = _calls(org)
    assert "collections_upsert" not in endpoints
    assert endpoints["bulk_create"] == 1
    assert endpoints["bulk_upload"] == 1


def test_an_unchanged_re_export_is_skipped_without_sending(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(owner=exporter)
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    calls_before = _calls(org)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert (job.status, job.skipped, job.succeeded) == (JobStatus.COMPLETED, 1, 0)
    record_map = RecordMap.objects.get()
    assert record_map.outbound_status == OutboundStatus.EXPORT_SUCCESS_SKIPPED
    assert record_map.export_status == ExportStatus.EXPORTED
    assert len(_records(org)) == 1
    assert _calls(org) == calls_before
    assert job.items.get().status == ItemStatus.SKIPPED


def test_a_changed_re_export_updates_the_same_remote_record(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(owner=exporter, company="Initech")
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    first_id = RecordMap.objects.get().external_id
    lead.company = "Initrode"
    lead.save()
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert (job.status, job.succeeded) == (JobStatus.COMPLETED, 1)
    (remote,) = _records(org)
    assert (remote["Id"], remote["Company"]) == (first_id, "Initrode")
    assert job.import_logs.get().result["records"][0]["created"] is False
    assert RecordMap.objects.get().outbound_status == OutboundStatus.EXPORT_SUCCESS


def test_a_picklist_value_the_org_refuses_fails_the_record_and_mails_the_admins(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks
):
    FieldMapping.objects.filter(
        object_mapping__connection=org_connection, field_name="status"
    ).update(picklist_map={LeadStatus.OPEN: "Bogus"})
    good = LeadFactory.create(owner=exporter, status=LeadStatus.WORKING)
    bad = LeadFactory.create(owner=exporter, status=LeadStatus.OPEN)
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [good.pk, bad.pk]
    )
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, 1, 1)
    item = job.items.get(order=2)
    assert item.status == ItemStatus.FAILED
    assert item.outbound_status == OutboundStatus.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR
    assert item.error_code == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert "Bogus" in item.error_message
    record_map = RecordMap.objects.get(lead=bad)
    assert record_map.export_status == ExportStatus.FAILED
    assert record_map.last_error_code == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert record_map.inbound_status == InboundStatus.IMPORT_CONNECTED_RECORD_ERROR
    assert [r["Vendor_Record_Id__c"] for r in _records(org)] == [str(good.pk)]
    assert [m.to for m in mail.outbox] == [[partner_admin.email]]


def test_a_record_with_an_unmapped_picklist_value_is_partially_exported(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    FieldMapping.objects.filter(
        object_mapping__connection=org_connection, field_name="rating"
    ).update(picklist_map={Rating.HOT: "Hot"}, picklist_default="")
    lead = LeadFactory.create(owner=exporter, rating=Rating.COLD)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert (job.status, job.succeeded) == (JobStatus.COMPLETED, 1)
    record_map = RecordMap.objects.get()
    assert record_map.outbound_status == OutboundStatus.EXPORT_SUCCESS_PARTIAL
    assert record_map.export_status == ExportStatus.PARTIAL
    assert record_map.last_error_message == "Left out: rating."
    assert _records(org)[0]["Rating"] is None


def test_a_field_no_longer_exportable_fails_every_record_without_sending(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    mapping = org_connection.object_mappings.get(object_type=ObjectType.LEAD)
    FieldMapping.objects.create(
        object_mapping=mapping, field_name="description", accepted=True, target_field="Description"
    )
    lead = LeadFactory.create(owner=exporter)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert (job.status, job.failed) == (JobStatus.FAILED, 1)
    assert job.items.get().outbound_status == OutboundStatus.EXPORT_PUBLISH_FIELD_MAP_ERROR
    assert RecordMap.objects.get().export_status == ExportStatus.FAILED
    assert _records(org) == []
    assert _calls(org) == (0, {})


def test_ids_of_another_company_are_refused_and_nothing_is_created_locally_or_remotely(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    mine = LeadFactory.create(owner=exporter)
    theirs = LeadFactory.create()
    refused = pytest.raises(ExportRefused, match="1 of the 2 selected records was not found")
    with refused, django_capture_on_commit_callbacks(execute=True):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[mine.pk, theirs.pk])
    assert ExportJob.objects.count() == 0
    assert RecordMap.objects.count() == 0
    assert _records(org) == []
    assert _calls(org) == (0, {})
