"""Factories of the sync app: Partner Connect rows; an Enabled connection with active standard
mappings; export rows, for pages and reads that need stored statuses."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from sync.crypto import secret_encrypt
from sync.kinds import sync_kind
from sync.models import (
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ExportStatus,
    FieldMapping,
    InboundStatus,
    MappingState,
    ObjectMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.standard_fields import STANDARD_TARGETS, STANDARD_UPDATE_FIELDS
from tests.factories.accounts import PartnerAccountFactory
from tests.factories.portal import LeadFactory, OpportunityFactory


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    partner_account = factory.SubFactory(PartnerAccountFactory)
    status = ConnectionStatus.PENDING
    my_domain = factory.Sequence(lambda n: f"partner{n}.my.salesforce.com")
    client_id = factory.Sequence(lambda n: f"client-{n}")
    client_secret_encrypted = factory.LazyFunction(lambda: secret_encrypt("s3cret"))


class ObjectMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectMapping

    connection = factory.SubFactory(ConnectionFactory)
    object_type = ObjectType.LEAD


class FieldMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldMapping

    object_mapping = factory.SubFactory(ObjectMappingFactory)


def standard_mapping(
    connection: Connection, object_type: str, *, default_owner_id: str = "", **overrides: Any
) -> ObjectMapping:
    """An ActiveMapping of every standard field, the usual update fields flagged and accepted."""
    now = timezone.now()
    mapping = ObjectMappingFactory.create(
        connection=connection,
        object_type=object_type,
        state=MappingState.ACTIVE,
        vendor_saved_at=now,
        partner_saved_at=now,
        default_owner_id=default_owner_id,
        connected_object=sync_kind(object_type).connected_object,
        **overrides,
    )
    updates = STANDARD_UPDATE_FIELDS[object_type]
    FieldMapping.objects.bulk_create(
        FieldMapping(
            object_mapping=mapping,
            field_name=name,
            send_updates=name in updates,
            accepted=True,
            target_field=target,
        )
        for name, target in STANDARD_TARGETS[object_type].items()
    )
    return mapping


def enabled_connection(**kwargs: Any) -> Connection:
    """An Enabled connection whose Lead and Opportunity mappings are active."""
    kwargs.setdefault("status", ConnectionStatus.ENABLED)
    kwargs.setdefault("credentials_ok", True)
    connection = ConnectionFactory.create(**kwargs)
    for object_type in ObjectType:
        standard_mapping(connection, object_type)
    return connection


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
