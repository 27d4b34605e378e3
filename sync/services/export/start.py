"""Starting an export: every rule that can refuse one, then the job, record maps and items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django_q.tasks import async_task

from accounts.models import Membership, User
from accounts.services.seats import membership_holds_seat
from core.ids import parse_ids
from core.rows import InArray, cyclic_gc_paused, rows_insert
from sync.errors import ConnectionNotEnabled, ExportBusy, ExportNotPermitted, ExportRefused
from sync.kinds import sync_kind
from sync.models import (
    Connection,
    ConnectionStatus,
    ExportJob,
    ExportJobItem,
    ExportStatus,
    FieldMapping,
    JobStatus,
    ObjectMapping,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.selectors.connections import mapped_fields, object_mapping_active

UNFINISHED_JOB_STATUSES = (
    JobStatus.QUEUED,
    JobStatus.RUNNING,
    JobStatus.WAITING,
    JobStatus.RETRYING,
)
TASK = "sync.tasks.export_job_run"


@dataclass(frozen=True)
class ExportPlan:
    """What an export would send: where to, which fields and which records."""

    connection: Connection
    object_mapping: ObjectMapping
    fields: list[FieldMapping]
    record_ids: list[int]

    @property
    def field_rows(self) -> list[dict[str, str]]:
        """Each field sent: vendor name, its label, and the partner field it lands in."""
        model = sync_kind(self.object_mapping.object_type).model
        return [
            {"field": f.field_name, "label": _label(model, f.field_name), "target": f.target_field}
            for f in self.fields
        ]


def _label(model: type[models.Model], name: str) -> str:
    """The field's verbose name, capitalised; the name itself when the model has no such field."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _exporter(actor: User) -> Membership:
    """The actor's membership when it may export; ExportRefused otherwise."""
    found = None
    if actor.is_authenticated:
        memberships = Membership.objects.select_related("user", "partner_account")
        found = memberships.filter(user=actor).first()
    if found is None:
        raise ExportNotPermitted(
            "Only partner users with the export permission can export records."
        )
    # Each refusal names its true reason: the permission first, then why its seat lapsed.
    if not found.can_export:
        raise ExportNotPermitted(
            "You do not have the Export Vendor Records permission. Ask your partner admin."
        )
    if not found.partner_account.is_active:
        raise ExportNotPermitted(
            f"{found.partner_account} is inactive in the partner program, so its PRM seats are "
            "not in use. Ask your channel manager."
        )
    if not found.is_active or not membership_holds_seat(found):
        raise ExportNotPermitted(
            f"Exporting needs an active PRM seat, and your membership of {found.partner_account} "
            "is inactive. Ask your partner admin or your channel manager."
        )
    return found


def _target(membership: Membership, object_type: str) -> tuple[Connection, ObjectMapping]:
    """The company's Enabled connection and its active mapping of the object."""
    connection = Connection.objects.filter(partner_account_id=membership.partner_account_id).first()
    if connection is None or connection.status != ConnectionStatus.ENABLED:
        raise ConnectionNotEnabled(
            f"{membership.partner_account}'s connection to its Salesforce org is not enabled, "
            "so nothing can be exported. Ask your partner admin."
        )
    mapping = object_mapping_active(connection, object_type)
    if mapping is None:
        raise ExportRefused(
            f"{ObjectType(object_type).label} fields are not mapped yet, so nothing can be "
            "exported. Ask your partner admin to finish the mapping."
        )
    return connection, mapping


def _ids(record_ids: Iterable[object]) -> tuple[list[int], int]:
    """The distinct ids in the given order, and how many given values were not ids at all."""
    ids, bad = parse_ids(record_ids)
    return ids, len(bad)


def _check_selection(actor: User, object_type: str, record_ids: Iterable[object]) -> list[int]:
    """The selected ids when all are visible to the actor and within the limit."""
    ids, invalid = _ids(record_ids)
    count = len(ids) + invalid
    if count == 0:
        raise ExportRefused("Select at least one record to export.")
    limit = settings.EXPORT_MAX_RECORDS
    if count > limit:
        raise ExportRefused(f"An export holds at most {limit:,} records; {count:,} were selected.")
    visible = (
        sync_kind(object_type)
        .visible_to(actor)
        .filter(InArray(F("pk"), ids))
        .order_by()
        .values_list("pk")
    )
    missing = invalid + len(ids) - visible.count()
    if missing:
        # The same answer whether a record does not exist or is not visible: existence must
        # not leak.
        raise ExportRefused(
            f"{missing} of the {count} selected records {'was' if missing == 1 else 'were'} "
            "not found. Nothing was exported."
        )
    return ids


def export_preview(*, actor: User, object_type: str, record_ids: Iterable[object]) -> ExportPlan:
    """What ``export_start`` would send; raises what it would refuse with."""
    object_type = ObjectType(object_type)
    membership = _exporter(actor)
    connection, mapping = _target(membership, object_type)
    ids = _check_selection(actor, object_type, record_ids)
    return ExportPlan(connection, mapping, mapped_fields(mapping), ids)


def export_offered(*, actor: User, object_type: str) -> bool:
    """Whether the Export action is offered to the actor for this object."""
    try:
        _target(_exporter(actor), ObjectType(object_type))
    except (ExportRefused, ConnectionNotEnabled):
        return False
    return True


def _busy_maps(job_ids: list[int | None]) -> int:
    """How many of the maps (given by their job ids) belong to an export that has not finished."""
    known = {pk for pk in job_ids if pk is not None}
    if not known:
        return 0
    unfinished = set(
        ExportJob.objects.filter(pk__in=known, status__in=UNFINISHED_JOB_STATUSES).values_list(
            "pk", flat=True
        )
    )
    return sum(1 for pk in job_ids if pk in unfinished)


def _busy_new(job: ExportJob, fk: str, new: list[int]) -> int:
    """How many of the records new to ``job`` another unfinished export has claimed since."""
    taken = RecordMap.objects.filter(InArray(F(fk), new), connection_id=job.connection_id)
    return taken.filter(job__status__in=UNFINISHED_JOB_STATUSES).exclude(job=job).count()


def _refuse_busy(count: int) -> ExportBusy:
    # The other export may have ended between its insert and this count.
    which = f"{count} of the selected records" if count else "Some of the selected records"
    return ExportBusy(
        f"{which} {'is' if count == 1 else 'are'} already being exported. Wait for that "
        "export to finish, then try again."
    )


def _claim_maps(job: ExportJob, ids: list[int]) -> dict[int, int]:
    """Lock or create the record maps of ``ids`` for ``job``; record id -> map id.

    Read and written as rows, not model instances: an export holds thousands of records.
    """
    fk = sync_kind(job.object_type).record_id_field
    maps = RecordMap.objects.filter(InArray(F(fk), ids), connection_id=job.connection_id)
    existing = list(
        maps.select_for_update(of=("self",)).order_by("pk").values_list("pk", fk, "job_id")
    )
    busy = _busy_maps([job_id for _, _, job_id in existing])
    if busy:
        raise _refuse_busy(busy)
    in_progress = {
        "job_id": job.pk,
        "outbound_status": OutboundStatus.EXPORT_IN_PROGRESS,
        "export_status": ExportStatus.IN_PROGRESS,
        "last_error_code": "",
        "last_error_message": "",
    }
    RecordMap.objects.filter(InArray(F("pk"), [pk for pk, _, _ in existing])).update(**in_progress)
    new = sorted(set(ids) - {record_id for _, record_id, _ in existing})
    constants = {"connection_id": job.connection_id, "object_type": job.object_type}
    try:
        with transaction.atomic():
            rows_insert(
                RecordMap,
                constants=constants | in_progress,
                varying=[fk],
                rows=[(pk,) for pk in new],
            )
    except IntegrityError:
        # Another export created maps of some of these records a moment ago and owns them:
        # the refusal counts those, not every record that was new to this one.
        raise _refuse_busy(_busy_new(job, fk, new)) from None
    # Every map of the selection now points at the job: one indexed read, no list of ids.
    return dict(RecordMap.objects.filter(job_id=job.pk).values_list(fk, "pk"))


@cyclic_gc_paused()
@transaction.atomic
def export_start(*, actor: User, object_type: str, record_ids: Iterable[object]) -> ExportJob:
    """Create an export job of the selected records and queue it; refuse it whole or not at all."""
    plan = export_preview(actor=actor, object_type=object_type, record_ids=record_ids)
    size = len(plan.record_ids)
    job = ExportJob.objects.create(
        connection=plan.connection,
        object_type=plan.object_mapping.object_type,
        actor=actor,
        size=size,
        use_bulk=size > settings.EXPORT_BULK_THRESHOLD,
        fields=plan.field_rows,
    )
    map_ids = _claim_maps(job, plan.record_ids)
    rows_insert(
        ExportJobItem,
        constants={"job_id": job.pk},
        varying=["record_map_id", "order"],
        rows=[(map_ids[pk], order) for order, pk in enumerate(plan.record_ids, start=1)],
    )
    transaction.on_commit(partial(async_task, TASK, job.pk))
    return job
