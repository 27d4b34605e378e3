"""Failure emails to the partner admins, at most one per connection per digest window.

A run with failures (an export job, a push of updates, a poll the partner org refused) adds a
notice. When the connection's last failure email is older than ``FAILURE_EMAIL_DIGEST_MINUTES``
the notice goes out at once; otherwise it waits, with any others, for one digest at the end of
the window (a one-off django-q2 schedule per connection). A run-wide failure that repeats (the
same poll refused every minute) bumps the pending notice's count instead of adding another.
A lone export notice is sent as the job's own email; anything else as the digest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django_q.models import Schedule

from accounts.models import User
from accounts.selectors import partner_admins
from sync.models import (
    Connection,
    FailureNotice,
    ItemStatus,
    NoticeKind,
    ObjectType,
    OutboundStatus,
)
from sync.selectors.export import record_links
from sync.services.connections.setup import (
    error_recipients,
    report_link,
    send_email,
)
from sync.services.export.chunk import record_id_of
from sync.services.export.notify import export_failed_email_send
from sync.services.export.status import advice_for, advice_for_statuses

DIGEST_TASK = "sync.tasks.failure_digest_run"
# Records listed in one email; the report holds the rest.
MAX_LISTED = 50


@dataclass(frozen=True)
class FailedRecord:
    """One record of a notice, as stored: the reader's view of it is built at send time."""

    object_type: str
    record_id: int
    status: str
    message: str
    # The partner org's errorCode and the fields it named: they decide the advice.
    code: str = ""
    fields: Sequence[str] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "object_type": self.object_type,
            "record_id": self.record_id,
            "status": self.status,
            "message": self.message,
            "code": self.code,
            "fields": list(self.fields),
        }


def digest_schedule_name(connection_id: int) -> str:
    return f"Failure email digest of connection {connection_id}"


def failure_notice_add(
    *,
    connection_id: int,
    kind: NoticeKind,
    failed: int,
    total: int = 0,
    records: Sequence[FailedRecord] = (),
    message: str = "",
    job_id: int | None = None,
) -> FailureNotice | None:
    """Record a run's failures; email them now or in the connection's next digest."""
    with transaction.atomic():
        # The connection row serialises the decision, so two runs cannot both send "at once".
        connection = Connection.objects.select_for_update().filter(pk=connection_id).first()
        if connection is None:
            return None
        notice = _repeat_of(connection_id, kind, message, records, job_id)
        if notice is None:
            notice = FailureNotice.objects.create(
                connection=connection,
                kind=kind,
                job_id=job_id,
                total=total,
                failed=failed,
                message=message,
                records=[record.as_json() for record in records[:MAX_LISTED]],
            )
        next_send = _next_send(connection_id)
        if next_send is None or next_send <= timezone.now():
            transaction.on_commit(partial(failure_digest_send, connection_id=connection_id))
        else:
            _schedule_digest(connection_id, next_send)
    return notice


def _repeat_of(
    connection_id: int,
    kind: str,
    message: str,
    records: Sequence[FailedRecord],
    job_id: int | None,
) -> FailureNotice | None:
    """The pending notice this run-wide failure repeats, its count bumped; None if new."""
    if records or job_id or not message:
        return None
    pending = FailureNotice.objects.filter(
        connection_id=connection_id, kind=kind, message=message, sent_at__isnull=True
    ).first()
    if pending is not None:
        FailureNotice.objects.filter(pk=pending.pk).update(
            occurrences=F("occurrences") + 1, last_seen_at=timezone.now()
        )
    return pending


def _next_send(connection_id: int) -> datetime | None:
    """When the connection may get its next failure email; None if it never got one."""
    last = FailureNotice.objects.filter(connection_id=connection_id).aggregate(Max("sent_at"))
    sent: datetime | None = last["sent_at__max"]
    if sent is None:
        return None
    return sent + timedelta(minutes=settings.FAILURE_EMAIL_DIGEST_MINUTES)


def _schedule_digest(connection_id: int, when: datetime) -> None:
    name = digest_schedule_name(connection_id)
    if not Schedule.objects.filter(name=name).exists():
        Schedule.objects.create(
            name=name,
            func=DIGEST_TASK,
            args=repr((connection_id,)),
            schedule_type=Schedule.ONCE,
            repeats=-1,
            next_run=when,
        )


def failure_digest_send(*, connection_id: int) -> int:
    """Email the connection's pending notices; returns how many were sent."""
    with transaction.atomic():
        connection = (
            Connection.objects.select_for_update(of=("self",))
            .select_related("partner_account", "partner_account__channel_manager", "invited_by")
            .filter(pk=connection_id)
            .first()
        )
        if connection is None:
            return 0
        Schedule.objects.filter(name=digest_schedule_name(connection_id)).delete()
        notices = list(
            FailureNotice.objects.filter(connection=connection, sent_at__isnull=True)
            .select_related("job", "job__actor")
            .order_by("created_at", "pk")
        )
        if not notices:
            return 0
        FailureNotice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=timezone.now())
        transaction.on_commit(partial(_email, connection, notices))
    return len(notices)


def _email(connection: Connection, notices: list[FailureNotice]) -> None:
    if len(notices) == 1 and notices[0].job_id is not None:
        export_failed_email_send(job_id=notices[0].job_id)
        return
    admins = partner_admins(connection.partner_account)
    if admins:
        for admin in admins:
            _send_digest(connection, notices, [admin.email], admin)
        return
    # No partner admin to tell: the vendor's people for this connection hear of it instead.
    staff = error_recipients(connection)
    if staff:
        _send_digest(connection, notices, staff, None)


@dataclass(frozen=True)
class Row:
    record: str
    url: str
    status: str
    message: str
    advice: str


@dataclass(frozen=True)
class Section:
    notice: FailureNotice
    rows: list[Row]
    more: int


def _send_digest(
    connection: Connection, notices: list[FailureNotice], to: list[str], reader: User | None
) -> None:
    context = {
        "connection": connection,
        "sections": [_section(notice, reader) for notice in notices],
        "failed": sum(notice.failed for notice in notices),
        "since": notices[0].created_at,
        "report_link": report_link(),
        "site_url": settings.SITE_URL,
        "window": settings.FAILURE_EMAIL_DIGEST_MINUTES,
    }
    send_email("failure_digest", context, to)


def _job_records(notice: FailureNotice) -> list[dict[str, Any]]:
    """The failed records of an export notice's job, as a notice stores its own."""
    if notice.job is None:
        return []
    items = (
        notice.job.items.filter(status=ItemStatus.FAILED)
        .select_related("record_map")
        .order_by("order")[:MAX_LISTED]
    )
    status = OutboundStatus.EXPORT_PUBLISH_UNKNOWN_ERROR
    return [
        FailedRecord(
            notice.job.object_type,
            record_id_of(item.record_map),
            item.outbound_status or status,
            ": ".join(part for part in (item.error_code, item.error_message) if part),
            item.error_code,
            item.error_fields,
        ).as_json()
        for item in items
    ]


def _section(notice: FailureNotice, reader: User | None) -> Section:
    rows = []
    records = notice.records or _job_records(notice)
    for object_type in ObjectType:
        stored = [r for r in records if r["object_type"] == object_type]
        links = _links(reader, object_type, (r["record_id"] for r in stored))
        for record in stored:
            pk = record["record_id"]
            name, url = links.get(pk, (f"{object_type.label} {pk}", ""))
            status = record["status"]
            url = url and settings.SITE_URL + url
            advice = _advice(status, record.get("code", ""), record.get("fields", []))
            rows.append(Row(name, url, status, record["message"], advice))
    return Section(notice, rows, max(notice.failed - len(rows), 0) if records else 0)


def _links(reader: User | None, object_type: str, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    # A record the reader cannot see is named by its id only, so no name leaks.
    return record_links(reader, object_type, ids) if reader is not None else {}


def _advice(status: str, code: str, fields: Sequence[str]) -> str:
    if code:
        return advice_for(status, code=code, fields=fields) or _advice(status, "", ())
    return advice_for_statuses(status, "") or advice_for_statuses("", status)
