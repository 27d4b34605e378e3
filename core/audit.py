"""The audit trail's helpers: entries for the bulk writes django-auditlog misses.

Each app registers its audited models with auditlog in its ready(). auditlog records what
passes through a model's save and delete signals. Writes that bypass them
(bulk_create, bulk_update, queryset.update) are recorded by the service that makes them, through
``audit_changes`` and ``audit_rows``, so the trail has no silent gaps on those paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

# Fields whose values never enter the trail: secrets, and timestamps that change on every save.
NEVER_RECORDED = ("password", "client_secret_encrypted", "nonce")


def audit_fields(model: type[models.Model], *, leave_out: Sequence[str] = ()) -> list[str]:
    """The model's own columns for auditlog's ``include_fields``, less ``leave_out``.

    Registering with ``exclude_fields`` alone makes auditlog also "record" reverse relations
    (a company's memberships), whose value is a manager's repr such as
    'accounts.PartnerAccount.None': noise in every create entry.
    """
    unknown = set(leave_out) - {f.name for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    return [f.name for f in model._meta.concrete_fields if f.name not in leave_out]


def _action(changes: Mapping[str, Sequence[Any]]) -> int:
    olds = [old for old, _ in changes.values()]
    news = [new for _, new in changes.values()]
    if all(old is None for old in olds):
        return LogEntry.Action.CREATE
    if all(new is None for new in news):
        return LogEntry.Action.DELETE
    return LogEntry.Action.UPDATE


def audit_changes(
    *,
    instance: models.Model,
    changes: Mapping[str, Sequence[Any]],
    actor: models.Model | None = None,
    content_model: type[models.Model] | None = None,
    object_repr: str | None = None,
    additional_data: dict[str, Any] | None = None,
) -> LogEntry | None:
    """Record one entry of ``field: [old, new]`` changes; nothing when no value changed.

    The action is create when every old value is None, delete when every new one is, else
    update. Inside a request the middleware supplies actor and address; ``actor`` overrides.
    """
    changed = {
        name: [old, new]
        for name, (old, new) in changes.items()
        if old != new and name not in NEVER_RECORDED
    }
    if not changed:
        return None
    extra: dict[str, Any] = {"action": _action(changed), "changes": changed}
    if actor is not None:
        extra["actor"] = actor
    if content_model is not None:
        extra["content_type"] = ContentType.objects.get_for_model(content_model)
    if object_repr is not None:
        extra["object_repr"] = object_repr
    if additional_data is not None:
        extra["additional_data"] = additional_data
    return LogEntry.objects.log_create(instance, **extra)


def audit_snapshot(
    rows: Iterable[models.Model], fields: Sequence[str]
) -> dict[Any, dict[str, Any]]:
    """The current values of ``fields`` per row pk, to compare after a bulk write."""
    return {row.pk: {name: getattr(row, name) for name in fields} for row in rows}


def audit_rows(
    rows: Iterable[models.Model],
    fields: Sequence[str],
    before: Mapping[Any, Mapping[str, Any]] | None = None,
) -> int:
    """Record rows written in bulk: created when ``before`` lacks them, else changed fields."""
    recorded = 0
    for row in rows:
        old = (before or {}).get(row.pk, {})
        changes = {name: [old.get(name), getattr(row, name)] for name in fields}
        if audit_changes(instance=row, changes=changes) is not None:
            recorded += 1
    return recorded
