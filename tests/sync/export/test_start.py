"""export_start: what it creates, and every refusal leaving nothing behind."""

from __future__ import annotations

import pytest
from django_q.tasks import async_task

from accounts.models import PartnerRole
from accounts.services.memberships import membership_update
from sync.errors import ConnectionNotEnabled, ExportRefused
from sync.models import (
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ExportStatus,
    JobStatus,
    MappingState,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.export.start import TASK, export_offered, export_preview, export_start
from tests.factories import LeadFactory, OpportunityFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import ConnectionFactory, enabled_connection

pytestmark = pytest.mark.django_db


def _nothing_created() -> None:
    assert ExportJob.objects.count() == 0
    assert RecordMap.objects.count() == 0
    assert ExportJobItem.objects.count() == 0


def test_creates_a_queued_job_with_maps_in_progress_and_items_in_batch_order(
    connection, exporter, django_capture_on_commit_callbacks
):
    leads = [LeadFactory.create(owner=exporter) for _ in range(3)]
    ids = [leads[2].pk, leads[0].pk, leads[1].pk]
    with django_capture_on_commit_callbacks() as callbacks:
        job = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=ids)
    assert (job.status, job.size, job.object_type, job.actor) == (
        JobStatus.QUEUED,
        3,
        ObjectType.LEAD,
        exporter,
    )
    assert job.connection == connection
    assert not job.use_bulk
    assert {"field": "last_name", "label": "Last name", "target": "LastName"} in job.fields
    items = list(job.items.select_related("record_map").order_by("order"))
    assert [(i.order, i.record_map.lead_id) for i in items] == [
        (1, ids[0]),
        (2, ids[1]),
        (3, ids[2]),
    ]
    for record_map in RecordMap.objects.all():
        assert record_map.job == job
        assert record_map.outbound_status == OutboundStatus.EXPORT_IN_PROGRESS
        assert record_map.export_status == ExportStatus.IN_PROGRESS
        assert record_map.is_imported is False
    assert len(callbacks) == 1
    assert callbacks[0].func is async_task
    assert callbacks[0].args == (TASK, job.pk)


def test_duplicate_ids_are_exported_once(connection, exporter):
    lead = LeadFactory.create(owner=exporter)
    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk, str(lead.pk)]
    )
    assert job.size == 1
    assert RecordMap.objects.count() == 1


def test_a_job_above_the_bulk_threshold_uses_the_bulk_api(connection, exporter, settings):
    settings.EXPORT_BULK_THRESHOLD = 2
    ids = [OpportunityFactory.create(owner=exporter).pk for _ in range(3)]
    job = export_start(actor=exporter, object_type=ObjectType.OPPORTUNITY, record_ids=ids)
    assert job.use_bulk
    assert RecordMap.objects.filter(object_type=ObjectType.OPPORTUNITY).count() == 3


def test_re_exporting_reuses_the_record_map_of_a_finished_export(connection, exporter):
    lead = LeadFactory.create(owner=exporter)
    first = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    RecordMap.objects.update(
        job=None, outbound_status=OutboundStatus.EXPORT_SUCCESS, export_status=ExportStatus.EXPORTED
    )
    ExportJob.objects.filter(pk=first.pk).update(status=JobStatus.COMPLETED)
    second = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    record_map = RecordMap.objects.get()
    assert record_map.job == second
    assert record_map.export_status == ExportStatus.IN_PROGRESS


def test_refuses_a_record_already_being_exported(connection, exporter):
    busy, free = LeadFactory.create(owner=exporter), LeadFactory.create(owner=exporter)
    first = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[busy.pk])
    with pytest.raises(ExportRefused, match="1 of the selected records is already being exported"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[free.pk, busy.pk])
    assert list(ExportJob.objects.all()) == [first]
    assert RecordMap.objects.count() == 1
    assert ExportJobItem.objects.count() == 1


def test_refuses_vendor_staff_who_belong_to_no_company(connection):
    staff = StaffFactory.create()
    lead = LeadFactory.create()
    with pytest.raises(ExportRefused, match="Only partner users with the export permission"):
        export_start(actor=staff, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    _nothing_created()


def test_refuses_a_user_without_the_export_permission(connection, plenty_of_seats, company, member):
    user = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    lead = LeadFactory.create(owner=user)
    with pytest.raises(ExportRefused, match="Export Vendor Records permission"):
        export_start(actor=user, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    _nothing_created()


def test_refuses_a_user_whose_seat_is_not_held(connection, exporter, company):
    lead = LeadFactory.create(owner=exporter)
    membership_update(actor=None, membership=exporter.membership, is_active=False)
    exporter.refresh_from_db()
    with pytest.raises(ExportRefused, match="PRM seat"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    _nothing_created()


@pytest.mark.parametrize(
    "status", [ConnectionStatus.PENDING, ConnectionStatus.DISABLED, ConnectionStatus.ERROR]
)
def test_refuses_when_the_connection_is_not_enabled(connection, exporter, status):
    connection.status = status
    connection.save()
    lead = LeadFactory.create(owner=exporter)
    with pytest.raises(ConnectionNotEnabled, match="not enabled"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    _nothing_created()


def test_refuses_when_the_company_has_no_connection(exporter):
    lead = LeadFactory.create(owner=exporter)
    with pytest.raises(ConnectionNotEnabled):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    _nothing_created()


def test_refuses_when_the_object_has_no_active_mapping(connection, exporter):
    connection.object_mappings.filter(object_type=ObjectType.OPPORTUNITY).update(
        state=MappingState.SELECTED
    )
    opportunity = OpportunityFactory.create(owner=exporter)
    with pytest.raises(ExportRefused, match="Opportunity fields are not mapped yet"):
        export_start(
            actor=exporter, object_type=ObjectType.OPPORTUNITY, record_ids=[opportunity.pk]
        )
    _nothing_created()


def test_refuses_an_empty_selection(connection, exporter):
    with pytest.raises(ExportRefused, match="Select at least one record"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[])
    _nothing_created()


def test_refuses_more_records_than_the_limit(connection, exporter, settings):
    settings.EXPORT_MAX_RECORDS = 2
    ids = [LeadFactory.create(owner=exporter).pk for _ in range(3)]
    with pytest.raises(ExportRefused, match="at most 2 records; 3 were selected"):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=ids)
    _nothing_created()


def test_refuses_the_whole_export_when_any_id_is_not_visible_without_saying_which(
    connection, exporter
):
    mine = LeadFactory.create(owner=exporter)
    other_company = PartnerAccountFactory.create()
    enabled_connection(partner_account=other_company)
    theirs = LeadFactory.create()
    ids = [mine.pk, theirs.pk, 987_654, "x"]
    with pytest.raises(ExportRefused) as refused:
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=ids)
    assert (
        refused.value.message == "3 of the 4 selected records were not found. Nothing was exported."
    )
    _nothing_created()


def test_the_preview_runs_the_same_rules_and_creates_nothing(connection, exporter):
    lead = LeadFactory.create(owner=exporter)
    plan = export_preview(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    assert plan.record_ids == [lead.pk]
    assert plan.connection == connection
    assert {"field": "email", "label": "Email", "target": "Email"} in plan.field_rows
    with pytest.raises(ExportRefused):
        export_preview(actor=exporter, object_type=ObjectType.LEAD, record_ids=[])
    _nothing_created()


def test_export_is_offered_only_with_permission_seat_enabled_connection_and_mapping(
    connection, exporter, partner_admin
):
    assert export_offered(actor=exporter, object_type=ObjectType.LEAD)
    assert not export_offered(actor=partner_admin, object_type=ObjectType.LEAD)
    connection.object_mappings.filter(object_type=ObjectType.LEAD).update(
        state=MappingState.SELECTED
    )
    assert not export_offered(actor=exporter, object_type=ObjectType.LEAD)
    assert export_offered(actor=exporter, object_type=ObjectType.OPPORTUNITY)
    connection.status = ConnectionStatus.DISABLED
    connection.save()
    assert not export_offered(actor=exporter, object_type=ObjectType.OPPORTUNITY)


def test_export_is_not_offered_without_a_connection(exporter):
    ConnectionFactory.create()  # another company's
    assert not export_offered(actor=exporter, object_type=ObjectType.LEAD)
