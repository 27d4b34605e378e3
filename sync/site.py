"""Partner Connect on the partner site's lists and record pages, registered from ready().

portal declares the lists and record pages and imports nothing of Partner Connect; this module
adds the Export Status column and filter to the lists of the exported kinds, the Export Status
panel to their record pages, and whether the Export action is offered.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from accounts.models import User
from portal.extensions import list_context_add, record_context_add
from portal.kinds import RecordKind, UnknownKind
from portal.listviews import AddedColumn, Column, HintedText, list_column_add
from sync.kinds import SYNC_KINDS, sync_kind_for_model, sync_kind_for_slug
from sync.models import ExportStatus
from sync.selectors.export import export_status_annotate, last_job_of, record_map_for
from sync.services.export.start import export_offered

# SPEC, "Record map and statuses": the Export Status labels, which are also the filter values.
EXPORT_STATUS_LABELS = tuple(str(label) for label in ExportStatus.labels)
EXPORT_STATUS_CODES = {str(label): code for code, label in ExportStatus.choices}


def export_status_label(record: models.Model) -> HintedText:
    """The Export Status of a record annotated by ``export_status_annotate``."""
    code = getattr(record, "export_status", ExportStatus.NOT_EXPORTED)
    text = HintedText(ExportStatus(code).label)
    if code == ExportStatus.FAILED:
        text.hint = getattr(record, "export_error", "") or ""
    return text


def _export_status_prepare(
    queryset: QuerySet, kind_slug: str, viewer: User, shown: bool, value: str
) -> QuerySet:
    """The viewer's Export Status of each row (with the error when shown), filtered by label."""
    queryset = export_status_annotate(
        queryset, object_type=kind_slug, viewer=viewer, with_error=shown
    )
    if value:
        queryset = queryset.filter(export_status=EXPORT_STATUS_CODES[value])
    return queryset


EXPORT_STATUS = Column("export_status", "Export Status", export_status_label, ("export_status",))


def record_export_context(record: models.Model, viewer: User) -> dict[str, Any]:
    """The record's Export Status for the viewer, its last job, and whether Export is offered."""
    try:
        kind = sync_kind_for_model(type(record))
    except UnknownKind:
        return {}
    record_map = record_map_for(record, viewer)
    status = ExportStatus(record_map.export_status if record_map else ExportStatus.NOT_EXPORTED)
    return {
        "export_status": status.label,
        "export_failed": status == ExportStatus.FAILED,
        "record_map": record_map,
        "export_job": last_job_of(record_map, viewer) if record_map else None,
        "can_export": export_offered(actor=viewer, object_type=kind.object_type),
    }


def list_export_context(kind: RecordKind, viewer: User) -> dict[str, Any]:
    """Whether the list offers Export to the viewer."""
    try:
        exported = sync_kind_for_slug(kind.slug)
    except UnknownKind:
        return {"can_export": False}
    return {"can_export": export_offered(actor=viewer, object_type=exported.object_type)}


def register() -> None:
    """Add Partner Connect to the partner site's pages (SyncConfig.ready)."""
    list_column_add(
        AddedColumn(
            column=EXPORT_STATUS,
            kinds=tuple(kind.slug for kind in SYNC_KINDS),
            prepare=_export_status_prepare,
            filter_values=EXPORT_STATUS_LABELS,
        )
    )
    record_context_add(record_export_context)
    list_context_add(list_export_context)
