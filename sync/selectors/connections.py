"""Reads of Partner Connect state: a company's connection and its active mappings."""

from __future__ import annotations

from accounts.models import PartnerAccount, User
from sync.models import Connection, FieldMapping, MappingState, ObjectMapping


def connection_of(partner_account: PartnerAccount | None) -> Connection | None:
    """The partner company's connection, if it has one."""
    if partner_account is None:
        return None
    return Connection.objects.filter(partner_account=partner_account).first()


def connection_for_user(user: User) -> Connection | None:
    """The connection of the company the user is an active member of."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return None
    return Connection.objects.filter(partner_account_id=membership.partner_account_id).first()


def object_mapping_active(connection: Connection, object_type: str) -> ObjectMapping | None:
    """The connection's mapping of ``object_type`` when it is ActiveMapping."""
    return ObjectMapping.objects.filter(
        connection=connection, object_type=object_type, state=MappingState.ACTIVE
    ).first()


def mapped_fields(object_mapping: ObjectMapping) -> list[FieldMapping]:
    """The fields the partner accepted and mapped, in field-name order."""
    return list(
        object_mapping.fields.filter(accepted=True).exclude(target_field="").order_by("field_name")
    )
