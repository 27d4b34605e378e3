"""Factories of export rows, for pages and reads that need stored statuses."""

from __future__ import annotations

from typing import Any

import factory

from sync.models import (
    ExportJob,
    ExportJobItem,
    ExportStatus,
    InboundStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from tests.factories import LeadFactory, OpportunityFactory
from tests.sync.factories import ConnectionFactory


class RecordMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordMap

    connection = factory.SubFactory(ConnectionFactory)
    object_type = ObjectType.LEAD
    outbound_status = OutboundStatus.EXPORT_SUCCESS
    export_status = ExportStatus.EXPORTED


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    connection = factory.SubFactory(ConnectionFactory)
    object_type = ObjectType.LEAD
    size = 1


def exported(record: Any, connection: Any, **kwargs: Any) -> RecordMap:
    """A record map of ``record`` (a lead or an opportunity) on ``connection``."""
    key = "lead" if type(record).__name__ == "Lead" else "opportunity"
    kwargs.setdefault("object_type", ObjectType.LEAD if key == "lead" else ObjectType.OPPORTUNITY)
    return RecordMapFactory.create(connection=connection, **{key: record}, **kwargs)


def job_with(record_maps: list[RecordMap], **kwargs: Any) -> ExportJob:
    """A job carrying the record maps as items, in order."""
    job = ExportJobFactory.create(
        connection=record_maps[0].connection,
        object_type=record_maps[0].object_type,
        size=len(record_maps),
        **kwargs,
    )
    ExportJobItem.objects.bulk_create(
        ExportJobItem(job=job, record_map=m, order=n) for n, m in enumerate(record_maps, start=1)
    )
    return job


def failed_and_fine(
    connection: Any, owner: Any, *, opportunity_name: str = "Big deal"
) -> tuple[RecordMap, RecordMap]:
    """Two exported records of ``owner``: a lead whose import failed, an imported opportunity."""
    failed = exported(
        LeadFactory.create(owner=owner, first_name="Ada", last_name="Lovelace"),
        connection,
        outbound_status=OutboundStatus.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR,
        inbound_status=InboundStatus.IMPORT_CONNECTED_RECORD_ERROR,
        external_id="00Qfailed",
    )
    fine = exported(
        OpportunityFactory.create(owner=owner, name=opportunity_name),
        connection,
        inbound_status=InboundStatus.IMPORT_SUCCESS,
        external_id="006fine",
    )
    return failed, fine
