"""Field mappings: the vendor's field selection, the partner's mapping, and re-validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import vendor_admin_require
from core.audit import audit_rows, audit_snapshot
from salesforce import ObjectDescribe, SalesforceError
from sync.errors import ActionNotPermitted, ConnectionInvalid, MappingInvalid
from sync.kinds import sync_kind
from sync.models import (
    Connection,
    FieldMapping,
    MappingState,
    ObjectMapping,
    ObjectType,
)
from sync.services.connections.checks import OWNER_ID, owner_lookup
from sync.services.connections.setup import (
    connection_client,
    connection_status_refresh,
    partner_admin_check,
)
from sync.services.mappings.rules import (
    WHOLE,
    PartnerChoice,
    api_name,
    choices_in_api_names,
    partner_problems,
    stored_choices,
    vendor_problems,
)
from sync.services.updates.outbox import updates_retry_mapping_errors


def _refuse(problems: dict[str, str]) -> MappingInvalid:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return MappingInvalid(
        f"The mapping was not saved ({count}): {' '.join(problems.values())}", problems
    )


def _object_type(value: str) -> str:
    try:
        return ObjectType(value).value
    except ValueError:
        raise MappingInvalid(f"{value} cannot be exported; only Lead and Opportunity.") from None


def mapping_describe(connection: Connection, object_type: str) -> tuple[ObjectDescribe | None, str]:
    """A fresh describe of the object in the partner org, or why it could not be read."""
    try:
        return connection_client(connection).describe(object_type), ""
    except (SalesforceError, ConnectionInvalid) as error:
        return None, f"The fields of {object_type} in the partner org could not be read: {error}"


def mapping_vendor_save(
    *,
    actor: User | None,
    connection: Connection,
    object_type: str,
    exported: list[str],
    update_fields: list[str],
    describe: ObjectDescribe | None = None,
) -> ObjectMapping:
    """Save the vendor's exported and update fields; re-validate the partner's mapping."""
    vendor_admin_require(
        actor,
        "sync.change_objectmapping",
        what="choose the exported fields",
        error=ActionNotPermitted,
    )
    object_type = _object_type(object_type)
    problems = vendor_problems(object_type, exported, update_fields)
    if problems:
        raise _refuse(problems)
    existing = ObjectMapping.objects.filter(connection=connection, object_type=object_type).first()
    unreadable = ""
    if describe is None and existing is not None and existing.partner_saved_at is not None:
        # Read before the transaction: the org may be slow, and rows must not stay locked.
        describe, unreadable = mapping_describe(connection, object_type)
    with transaction.atomic():
        mapping = _vendor_apply(
            actor=actor,
            connection=connection,
            object_type=object_type,
            exported=list(dict.fromkeys(exported)),
            updates=set(update_fields),
        )
        mapping = _revalidate(mapping, describe, unreadable)
        _retry_if_active(mapping)
        return mapping


def _vendor_apply(
    *,
    actor: User | None,
    connection: Connection,
    object_type: str,
    exported: list[str],
    updates: set[str],
) -> ObjectMapping:
    """Write the selection; fields still exported keep the partner's choices."""
    mapping, _ = ObjectMapping.objects.select_for_update().get_or_create(
        connection=connection,
        object_type=object_type,
        defaults={"connected_object": sync_kind(object_type).connected_object},
    )
    mapping.fields.exclude(field_name__in=exported).delete()
    rows = {row.field_name: row for row in mapping.fields.all()}
    changed = [row for name, row in rows.items() if row.send_updates != (name in updates)]
    before = audit_snapshot(changed, ["send_updates"])
    for row in changed:
        row.send_updates = not row.send_updates
    FieldMapping.objects.bulk_update(changed, ["send_updates"])
    created = FieldMapping.objects.bulk_create(
        FieldMapping(object_mapping=mapping, field_name=name, send_updates=name in updates)
        for name in exported
        if name not in rows
    )
    # Bulk writes pass no signal the audit log hears, so they are recorded here.
    audit_rows(changed, ["send_updates"], before)
    audit_rows(created, ["object_mapping_id", "field_name", "send_updates"])
    mapping.vendor_saved_at = timezone.now()
    mapping.vendor_saved_by = actor
    mapping.save()
    return mapping


def mapping_partner_save(
    *,
    actor: User | None,
    object_mapping: ObjectMapping,
    rows: list[dict[str, Any]],
    default_owner_id: str,
    external_id_field: str,
    connected_object: str,
    describe: ObjectDescribe | None = None,
) -> ObjectMapping:
    """Save which exported fields the partner accepts and where each lands in their org.

    A mapping valid on both sides becomes ActiveMapping; otherwise nothing is saved and
    MappingInvalid names every problem.
    """
    connection = object_mapping.connection
    partner_admin_check(actor, connection.partner_account)
    if describe is None:
        describe, unreadable = mapping_describe(connection, object_mapping.object_type)
        if describe is None:
            raise MappingInvalid(unreadable, {WHOLE: unreadable})
    parsed = {choice.field_name: choice for choice in map(PartnerChoice.parse, rows)}
    choices = choices_in_api_names(parsed, describe)
    settings = {
        "default_owner_id": default_owner_id.strip(),
        "external_id_field": api_name(describe, external_id_field.strip()),
        "connected_object": connected_object.strip(),
    }
    # Looked up before the row is locked: pages then name the owner instead of showing its id.
    settings["default_owner_name"] = _owner_name(connection, settings["default_owner_id"])
    with transaction.atomic():
        mapping = ObjectMapping.objects.select_for_update().get(pk=object_mapping.pk)
        if mapping.vendor_saved_at is None:
            message = f"The vendor has not chosen the {mapping.object_type} fields to export yet."
            raise MappingInvalid(message, {WHOLE: message})
        problems = partner_problems(
            mapping,
            choices,
            describe,
            default_owner_id=settings["default_owner_id"],
            external_id_field=settings["external_id_field"],
            connected_object=settings["connected_object"],
        )
        if problems:
            raise _refuse(problems)
        _partner_apply(mapping, choices, settings, actor)
        connection_status_refresh(Connection.objects.get(pk=connection.pk))
        _retry_if_active(mapping)
    return mapping


def _owner_name(connection: Connection, owner_id: str) -> str:
    """The owner's name in the partner org, or "" when the id is malformed, unknown or unread.

    An unknown owner is refused by the mapping's checks and by Test connection, not here.
    """
    if not OWNER_ID.match(owner_id):
        return ""
    try:
        owner = owner_lookup(connection_client(connection), owner_id)
    except (SalesforceError, ConnectionInvalid):
        return ""
    return owner.name if owner else ""


def _retry_if_active(mapping: ObjectMapping) -> None:
    """A saved, valid mapping sends again the updates the previous one had refused."""
    if mapping.state == MappingState.ACTIVE:
        updates_retry_mapping_errors(
            connection_id=mapping.connection_id, object_type=mapping.object_type
        )


def _partner_apply(
    mapping: ObjectMapping,
    choices: Mapping[str, PartnerChoice],
    settings: dict[str, str],
    actor: User | None,
) -> None:
    """Store each exported field's choice (unmentioned ones declined); the mapping is active."""
    rows = list(mapping.fields.all())
    columns = ["accepted", "target_field", "picklist_map", "picklist_default"]
    before = audit_snapshot(rows, columns)
    for row in rows:
        choice = choices.get(row.field_name) or PartnerChoice(row.field_name, accepted=False)
        row.accepted = choice.accepted
        row.target_field = choice.target_field
        row.picklist_map = choice.picklist_map
        row.picklist_default = choice.picklist_default
    FieldMapping.objects.bulk_update(rows, columns)
    audit_rows(rows, columns, before)
    for name, value in settings.items():
        setattr(mapping, name, value)
    mapping.partner_saved_at = timezone.now()
    mapping.partner_saved_by = actor
    mapping.state = MappingState.ACTIVE
    mapping.last_validation = []
    mapping.save()


def _revalidate(
    mapping: ObjectMapping, describe: ObjectDescribe | None, unreadable: str = ""
) -> ObjectMapping:
    """ActiveMapping when both sides saved and the stored mapping validates, else Selected."""
    if mapping.partner_saved_at is None or mapping.vendor_saved_at is None:
        reasons = ["Waiting for the partner admin to map the fields."]
    elif describe is None:
        reasons = [unreadable or "The partner org's fields could not be read."]
    else:
        reasons = list(
            partner_problems(
                mapping,
                stored_choices(mapping),
                describe,
                default_owner_id=mapping.default_owner_id,
                external_id_field=mapping.external_id_field,
                connected_object=mapping.connected_object,
            ).values()
        )
    mapping.state = MappingState.SELECTED if reasons else MappingState.ACTIVE
    mapping.last_validation = reasons
    mapping.save(update_fields=["state", "last_validation", "updated_at"])
    connection_status_refresh(Connection.objects.get(pk=mapping.connection_id))
    return mapping


@transaction.atomic
def mapping_revalidate(*, object_mapping: ObjectMapping, describe: ObjectDescribe) -> ObjectMapping:
    """Check a saved mapping against a fresh describe; drop it to Selected with the reasons."""
    mapping = ObjectMapping.objects.select_for_update().get(pk=object_mapping.pk)
    return _revalidate(mapping, describe)
