"""Disable, reconnect and delete a connection (SPEC *Disable, reconnect, delete*).

Every change locks the connection row, so a disable that races a running export chunk is
seen by the job before its next chunk (the job parks, its pending records intact), and a
push or poll that starts after the commit finds the connection not Enabled and sends nothing.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from accounts.models import User
from accounts.selectors import is_vendor_admin, vendor_admin_require
from sync.errors import (
    ActionNotPermitted,
    ConnectionInvalid,
    ConnectionStateInvalid,
    DeleteNotConfirmed,
)
from sync.models import Connection, ConnectionStatus, ExportJob, JobStatus
from sync.services.connections.setup import (
    connection_checks_store,
    connection_status_refresh,
    partner_admin_check,
)
from sync.services.export.start import TASK as EXPORT_TASK
from sync.services.export.start import UNFINISHED_JOB_STATUSES
from sync.services.updates.common import CYCLE_TASK

_RECONNECTABLE = (ConnectionStatus.DISABLED, ConnectionStatus.ERROR)


def _lock(connection: Connection) -> Connection:
    return (
        Connection.objects.select_for_update(of=("self",))
        .select_related("partner_account")
        .get(pk=connection.pk)
    )


def connection_change_check(actor: User | None, connection: Connection) -> None:
    """Refuse unless the actor is a vendor admin or the company's partner admin."""
    if not is_vendor_admin(actor, "sync.change_connection"):
        partner_admin_check(actor, connection.partner_account)


@transaction.atomic
def connection_disable(*, actor: User | None, connection: Connection) -> Connection:
    """Disable the connection: exports, pushes and polls stop; queued work is kept."""
    locked = _lock(connection)
    connection_change_check(actor, locked)
    if locked.status == ConnectionStatus.DISABLED:
        raise ConnectionStateInvalid(f"The connection of {locked.partner_account} is disabled.")
    locked.status = ConnectionStatus.DISABLED
    # The post_save receiver removes the two-way update schedule.
    locked.save(update_fields=["status", "updated_at"])
    return locked


def connection_reconnect(*, actor: User | None, connection: Connection) -> Connection:
    """Test the credentials again; when green, enable and catch up what waited."""
    with transaction.atomic():
        locked = _lock(connection)
        connection_change_check(actor, locked)
        if locked.status not in _RECONNECTABLE:
            raise ConnectionStateInvalid(
                f"Only a disabled connection or one in Error can be reconnected; "
                f"the connection of {locked.partner_account} is {locked.status}."
            )
        was = locked.status
    # The checks call the org over HTTP, so they run outside the lock.
    report = connection_checks_store(connection=locked)
    if not report.ok:
        failed = "; ".join(f"{c.name}: {c.detail}" for c in report.checks if not c.ok)
        connection.refresh_from_db()
        raise ConnectionInvalid(
            f"Reconnect failed, the connection stays {connection.status.lower()}: {failed}"
        )
    return _enable(connection, was)


@transaction.atomic
def _enable(connection: Connection, was: str) -> Connection:
    """Back to Enabled through the status refresh; queue the catch-up and the waiting jobs."""
    locked = _lock(connection)
    if locked.status == was:
        locked.status = ConnectionStatus.PENDING
        locked.last_error = ""
        locked.error_at = None
        locked.save(update_fields=["status", "last_error", "error_at", "updated_at"])
    connection_status_refresh(locked)
    if locked.status == ConnectionStatus.ENABLED:
        _catch_up(locked)
    connection.refresh_from_db()
    return locked


def _catch_up(connection: Connection) -> None:
    """On commit: sweep, push the backlog and poll from the old watermark; resume jobs."""
    transaction.on_commit(partial(async_task, CYCLE_TASK, connection.pk))
    waiting = ExportJob.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()),
        connection=connection,
        status__in=UNFINISHED_JOB_STATUSES,
    )
    for pk in waiting.values_list("pk", flat=True):
        transaction.on_commit(partial(async_task, EXPORT_TASK, pk))


@transaction.atomic
def connection_delete(*, actor: User | None, connection: Connection, confirm_text: str) -> str:
    """Delete the connection and all its vendor-side data; the partner org is left alone.

    Mappings, record maps, connected records, the outbox, leases, export jobs and their
    import logs go with it (the audit trail keeps the history); returns the company name.
    """
    vendor_admin_require(
        actor, "sync.delete_connection", what="delete a connection", error=ActionNotPermitted
    )
    locked = _lock(connection)
    name = locked.partner_account.name
    if confirm_text.strip() != name:
        raise DeleteNotConfirmed(f'Type the company name "{name}" exactly to delete.')
    running = locked.jobs.filter(status=JobStatus.RUNNING, next_attempt_at__gt=timezone.now())
    if running.exists():
        raise ConnectionStateInvalid(
            "An export is running on this connection; disable it first and wait for the "
            "current chunk to finish."
        )
    job_args = [repr((pk,)) for pk in locked.jobs.values_list("pk", flat=True)]
    Schedule.objects.filter(func=EXPORT_TASK, args__in=job_args).delete()
    # The post_delete receiver removes the two-way update schedule.
    locked.delete()
    return name
