"""Reads of exports: Export Status for a viewer, record maps, and the jobs a user may see."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse

from accounts.models import User
from accounts.selectors import partner_admin_memberships
from portal.errors import NotVisible
from portal.kinds import UnknownKind
from sync.kinds import SyncKind, sync_kind, sync_kind_for_model, sync_kind_for_slug
from sync.models import ExportJob, ExportJobItem, ExportStatus, RecordMap


def _exported_kind(object_type: str) -> SyncKind:
    """The kind of an object type, or of a list's slug: both name a kind here."""
    try:
        return sync_kind(object_type)
    except UnknownKind:
        return sync_kind_for_slug(object_type)


def _is_vendor(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _maps_seen_by(viewer: User) -> QuerySet[RecordMap]:
    """Record maps whose status the viewer is shown.

    A partner user sees the maps of their own company's connection. Vendor staff belong to no
    company; they see the most recently changed map of the record, whichever partner org it
    went to, which answers "has this record been exported, and how did it go?".
    """
    if _is_vendor(viewer):
        return RecordMap.objects.order_by("-updated_at", "-id")
    if not viewer.is_authenticated:
        return RecordMap.objects.none()
    return RecordMap.objects.filter(
        connection__partner_account__memberships__user_id=viewer.pk
    ).order_by()


def export_status_annotate(
    queryset: QuerySet[Any], *, object_type: str, viewer: User, with_error: bool = False
) -> QuerySet[Any]:
    """Annotate ``export_status`` (an ExportStatus code) for the viewer, in one subquery.

    ``with_error`` adds ``export_error``, the error code and message of the same map.
    """
    field = _exported_kind(object_type).record_field
    maps = _maps_seen_by(viewer).filter(**{field: OuterRef("pk")})
    annotated = queryset.annotate(
        export_status=Coalesce(
            Subquery(maps.values("export_status")[:1]),
            Value(ExportStatus.NOT_EXPORTED.value),
            output_field=models.CharField(),
        )
    )
    if with_error:
        error = Concat(
            "last_error_code", Value(": "), "last_error_message", output_field=models.TextField()
        )
        annotated = annotated.annotate(
            export_error=Subquery(
                maps.annotate(error=error).values("error")[:1], output_field=models.TextField()
            )
        )
    return annotated


def record_map_for(record: models.Model, viewer: User) -> RecordMap | None:
    """The record map whose Export Status the viewer sees for this record."""
    field = sync_kind_for_model(type(record)).record_field
    return _maps_seen_by(viewer).filter(**{field: record.pk}).select_related("connection").first()


def last_job_of(record_map: RecordMap, viewer: User) -> ExportJob | None:
    """The latest export job of the record map that the viewer may open."""
    jobs = jobs_visible_to(viewer).filter(
        pk__in=ExportJobItem.objects.filter(record_map=record_map).values("job_id")
    )
    return jobs.order_by("-created_at", "-id").first()


def _admin_company_id(user: User) -> int | None:
    """The company of which the user is an active partner admin."""
    return (
        partner_admin_memberships()
        .filter(user_id=user.pk)
        .values_list("partner_account_id", flat=True)
        .first()
    )


def jobs_visible_to(user: User) -> QuerySet[ExportJob]:
    """Jobs the user may see: their own, their company's as partner admin, all as staff."""
    jobs = ExportJob.objects.select_related("connection__partner_account", "actor")
    if _is_vendor(user):
        return jobs.all()
    if not (user.is_authenticated and user.is_active):
        return jobs.none()
    company_id = _admin_company_id(user)
    seen = Q(actor_id=user.pk)
    if company_id is not None:
        seen |= Q(connection__partner_account_id=company_id)
    return jobs.filter(seen)


def job_visible_get(user: User, batch_id: uuid.UUID | str) -> ExportJob:
    """A job the user may see, by batch id; NotVisible (shown as 404) otherwise."""
    try:
        return jobs_visible_to(user).get(batch_id=batch_id)
    except (ExportJob.DoesNotExist, ValueError):
        raise NotVisible("Not found.") from None


def record_links(
    user: User, object_type: str, record_ids: Iterable[int]
) -> dict[int, tuple[str, str]]:
    """(name, url) of the given records the user may see, in one query; others are absent."""
    kind = _exported_kind(object_type)
    records = kind.visible_to(user)
    return {
        record.pk: (str(record), reverse(kind.kind.detail_url_name, args=[record.pk]))
        for record in records.filter(pk__in=list(record_ids))
    }
