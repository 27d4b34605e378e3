"""The record kinds Partner Connect exports: portal's kinds with their Salesforce side.

Each exported kind adds to its ``portal.kinds`` entry the Salesforce object it becomes (the
``object_type`` stored on mappings, record maps and jobs: ``"Lead"``), the foreign key that
names the record on record maps and connected records (``"lead"``), and the default
API name of its Connected External object. The site's slug (``"lead"``) and the Salesforce
object name (``"Lead"``) are two names of one kind, each used where it belongs, and only this
module turns one into the other. To sync a new kind: its ``portal.kinds`` entry, a value of
``ObjectType``, the record foreign keys (a migration), then one entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from accounts.models import User
from portal import kinds as portal_kinds
from portal.kinds import RecordKind, UnknownKind
from sync.models import ObjectType


@dataclass(frozen=True)
class SyncKind:
    """One exported kind: the portal kind and what Partner Connect adds to it."""

    kind: RecordKind
    object_type: ObjectType
    record_field: str
    connected_object: str

    @property
    def slug(self) -> str:
        return self.kind.slug

    @property
    def model(self) -> type[models.Model]:
        return self.kind.model

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def label_plural(self) -> str:
        return self.kind.label_plural

    @property
    def visible_to(self) -> Callable[[User], QuerySet]:
        return self.kind.visible_to

    @property
    def record_id_field(self) -> str:
        """The column of the foreign key (``lead_id``)."""
        return f"{self.record_field}_id"


LEAD = SyncKind(
    kind=portal_kinds.LEAD,
    object_type=ObjectType.LEAD,
    record_field="lead",
    connected_object="Connected_External_Lead__c",
)
OPPORTUNITY = SyncKind(
    kind=portal_kinds.OPPORTUNITY,
    object_type=ObjectType.OPPORTUNITY,
    record_field="opportunity",
    connected_object="Connected_External_Opportunity__c",
)

SYNC_KINDS: tuple[SyncKind, ...] = (LEAD, OPPORTUNITY)
_BY_OBJECT_TYPE = {kind.object_type.value: kind for kind in SYNC_KINDS}
_BY_SLUG = {kind.slug: kind for kind in SYNC_KINDS}
_BY_MODEL = {kind.model: kind for kind in SYNC_KINDS}


def sync_kind(object_type: str) -> SyncKind:
    """The exported kind of a Salesforce object type (``"Lead"``); UnknownKind otherwise."""
    try:
        return _BY_OBJECT_TYPE[str(object_type)]
    except KeyError:
        raise UnknownKind(f"{object_type!r} is not an exported object.") from None


def sync_kind_for_slug(slug: str) -> SyncKind:
    """The exported kind with this site slug (``"lead"``); UnknownKind otherwise."""
    try:
        return _BY_SLUG[slug]
    except (KeyError, TypeError):
        raise UnknownKind(f"{slug!r} is not an exported record kind.") from None


def sync_kind_for_model(model: type[models.Model]) -> SyncKind:
    """The exported kind of records of ``model``; UnknownKind otherwise."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise UnknownKind(f"{model.__name__} records are not exported.") from None


def sync_kind_of_reference(holder: object) -> SyncKind:
    """The kind a row with one record foreign key per kind (a map, a connected record) names."""
    for kind in SYNC_KINDS:
        if getattr(holder, kind.record_id_field, None) is not None:
            return kind
    raise UnknownKind(f"{holder!r} names no record.")
