"""Reads of the status report: a row per record map, its last import log result and advice."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from accounts.models import User
from core.tabular import csv_lines
from sync.kinds import sync_kind
from sync.models import ExportJobItem, ImportLog, ImportLogStatus, ObjectType, RecordMap
from sync.selectors.export import record_links
from sync.services.export.chunk import record_id_of
from sync.services.export.status import advice_for_statuses

# Rows a re-export may fix; a counterpart deleted in the partner org is a broken link instead.
FAILED_OUTBOUND = Q(outbound_status__endswith="Error")


@dataclass(frozen=True)
class ReportRow:
    """One record map as the report shows it."""

    record_map: RecordMap
    record_id: int
    name: str
    url: str
    log_result: str
    advice: str

    @property
    def failed(self) -> bool:
        """The record's last export or update failed, so a re-export may fix it."""
        return self.record_map.outbound_status.endswith("Error")


def report_maps(
    *, connection_id: int | None = None, filters: dict[str, str] | None = None
) -> QuerySet[RecordMap]:
    """Record maps of the report with their latest job item annotated, newest change first.

    ``filters`` holds ``object_type``, ``outbound_status`` and ``inbound_status``; empty
    values do not filter.
    """
    items = ExportJobItem.objects.filter(record_map=OuterRef("pk")).order_by("-job_id", "-pk")
    maps = RecordMap.objects.select_related("connection__partner_account").annotate(
        last_item_job_id=Subquery(items.values("job_id")[:1]),
        last_item_order=Subquery(items.values("order")[:1]),
    )
    if connection_id is not None:
        maps = maps.filter(connection_id=connection_id)
    for field in ("object_type", "outbound_status", "inbound_status"):
        value = (filters or {}).get(field)
        if value:
            maps = maps.filter(**{field: value})
    return maps.order_by("-updated_at", "-pk")


def _log_text(log: ImportLog, order: int) -> str:
    """What the import log says about the item at ``order`` of its job."""
    if log.status == ImportLogStatus.IN_PROGRESS:
        return f"Chunk {log.chunk}: in progress"
    if log.result.get("error"):
        return f"Chunk {log.chunk}: {log.result['error']}"
    for record in log.result.get("records", []):
        if record.get("order") == order:
            errors = "; ".join(
                f"{error.get('statusCode', '')}: {error.get('message', '')}"
                for error in record.get("errors", [])
            )
            return f"Chunk {log.chunk}: {record.get('status', '')}" + (
                f" ({errors})" if errors else ""
            )
    return ""


def _logs_by_item(maps: Sequence[Any]) -> dict[tuple[int, int], ImportLog]:
    """The latest import log covering each (job, order), from one query over the page's jobs.

    The log names its records only inside its JSON result, which SQLite cannot search, so the
    logs of the page's jobs are read together and matched here rather than per row.
    """
    job_ids = {m.last_item_job_id for m in maps if m.last_item_job_id is not None}
    found: dict[tuple[int, int], ImportLog] = {}
    logs = ImportLog.objects.filter(job_id__in=job_ids).order_by("job_id", "chunk", "pk")
    for log in logs:
        if log.result.get("error") or log.status == ImportLogStatus.IN_PROGRESS:
            # A chunk that failed whole names no records: it stands for those not yet logged.
            for m in maps:
                if m.last_item_job_id == log.job_id:
                    found.setdefault((log.job_id, m.last_item_order), log)
            continue
        for record in log.result.get("records", []):
            found[(log.job_id, record.get("order"))] = log
    return found


def _links(
    maps: Sequence[RecordMap], link: Callable[[str, Iterable[int]], dict[int, tuple[str, str]]]
) -> dict[tuple[str, int], tuple[str, str]]:
    links: dict[tuple[str, int], tuple[str, str]] = {}
    for object_type in ObjectType:
        ids = [record_id_of(m) for m in maps if m.object_type == object_type]
        if ids:
            for pk, value in link(object_type, ids).items():
                links[(object_type, pk)] = value
    return links


def report_rows(
    *, viewer: User, maps: Sequence[RecordMap], admin_links: bool = False
) -> list[ReportRow]:
    """The report rows of one page of ``report_maps``, in a constant number of queries.

    A record shows its name and link when the viewer may see it (on the partner site), or
    its admin change page (``admin_links``); otherwise only its id.
    """
    logs = _logs_by_item(maps)
    link = _admin_links if admin_links else site_links(viewer)
    links = _links(maps, link)
    rows = []
    for m in maps:
        pk = record_id_of(m)
        name, url = links.get((m.object_type, pk), ("", ""))
        key = (getattr(m, "last_item_job_id", None), getattr(m, "last_item_order", None))
        log = logs.get(key)  # type: ignore[arg-type]
        text = _log_text(log, key[1]) if log is not None and key[1] is not None else ""
        advice = advice_for_statuses(m.outbound_status, m.inbound_status, code=m.last_error_code)
        rows.append(ReportRow(m, pk, name, url, text, advice))
    return rows


def site_links(viewer: User) -> Callable[[str, Iterable[int]], dict[int, tuple[str, str]]]:
    """Record links as the viewer may follow them on the partner site."""
    return lambda object_type, ids: record_links(viewer, object_type, ids)


def _admin_links(object_type: str, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Names and admin change pages of the records, in one query."""
    model = sync_kind(object_type).model
    name = model._meta.model_name
    return {
        record.pk: (str(record), reverse(f"admin:portal_{name}_change", args=[record.pk]))
        for record in model._default_manager.filter(pk__in=list(ids))
    }


CSV_HEADER = [
    "Record id",
    "Record",
    "Object",
    "Connection",
    "Imported",
    "Outbound status",
    "Inbound status",
    "Last sent",
    "External record id",
    "Last import log result",
    "What to do",
]


def report_csv_lines(rows: Sequence[ReportRow]) -> Iterator[str]:
    """The report rows as CSV lines, every cell made safe for a spreadsheet."""
    return csv_lines(CSV_HEADER, (_csv_cells(row) for row in rows), byte_order_mark=False)


def _csv_cells(row: ReportRow) -> list[Any]:
    m = row.record_map
    return [
        row.record_id,
        row.name,
        m.object_type,
        m.connection.partner_account,
        "yes" if m.is_imported else "no",
        m.outbound_status,
        m.inbound_status,
        m.last_modified_sent,
        m.external_id,
        row.log_result,
        row.advice,
    ]
