"""Factories for Partner Connect rows; an Enabled connection with active standard mappings."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from sync.crypto import secret_encrypt
from sync.kinds import sync_kind
from sync.models import (
    Connection,
    ConnectionStatus,
    FieldMapping,
    MappingState,
    ObjectMapping,
    ObjectType,
)
from sync.standard_fields import STANDARD_TARGETS, STANDARD_UPDATE_FIELDS
from tests.factories import PartnerAccountFactory


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
