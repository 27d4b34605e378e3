"""Exports of the same records at the same moment: the record-map locks let exactly one send."""

from __future__ import annotations

import pytest

from accounts.models import User
from emulator.control import org_records
from sync.errors import ExportRefused
from sync.models import ExportJob, JobStatus, ObjectType, RecordMap
from sync.services.export import start as export
from sync.services.export.start import export_start
from sync.tasks import export_job_run
from tests.helpers.concurrency import race
from tests.helpers.export import many_leads

THREADS = 8

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _outcome(result: object) -> str:
    """How one export went; any other failure must show in the assertion."""
    if isinstance(result, ExportRefused):
        return "busy" if "already being exported" in result.message else result.message
    if isinstance(result, Exception):
        return f"error: {result!r}"
    return "started"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Jobs queued by the threads, run afterwards: a job finishing mid-race would free its
    records, and a later export of them is rightly allowed."""
    ids: list[int] = []
    monkeypatch.setattr(export, "async_task", lambda func, pk: ids.append(pk))
    return ids


def _run(job_ids: list[int]) -> None:
    for pk in job_ids:
        export_job_run(pk)


def _race(actor: User, selections: list[list[int]]) -> list[str]:
    """Export each selection at the same moment, one thread each; note how each went."""
    results = race(
        len(selections),
        lambda n: export_start(actor=actor, object_type=ObjectType.LEAD, record_ids=selections[n]),
    )
    return [_outcome(result) for result in results]


def test_concurrent_first_exports_of_the_same_records_let_exactly_one_send(
    org, org_connection, exporter, queued
):
    ids = [lead.pk for lead in many_leads(exporter, 3)]
    # Every thread asks for the same records in a different order.
    outcomes = _race(exporter, [ids[n % 3 :] + ids[: n % 3] for n in range(THREADS)])
    assert sorted(outcomes) == ["busy"] * (THREADS - 1) + ["started"]
    _run(queued)
    (job,) = ExportJob.objects.all()
    assert (job.status, job.succeeded) == (JobStatus.COMPLETED, 3)
    assert RecordMap.objects.count() == 3
    remote = org_records(org.base_url, host=org.host, sobject="Lead")
    assert sorted(r["Vendor_Record_Id__c"] for r in remote) == sorted(str(pk) for pk in ids)


def test_concurrent_re_exports_of_mapped_records_let_exactly_one_in(
    org, org_connection, exporter, queued
):
    leads = many_leads(exporter, 2)
    ids = [lead.pk for lead in leads]
    first = export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=ids)
    _run(queued)
    queued.clear()
    assert RecordMap.objects.filter(job__isnull=True).count() == 2
    Lead = type(leads[0])
    Lead.objects.filter(pk__in=ids).update(company="Changed")
    outcomes = _race(exporter, [ids, ids[::-1], [ids[0]], [ids[1]]])
    started = outcomes.count("started")
    # Either one export took both records, or the two single-record ones took one each.
    assert started in (1, 2)
    assert outcomes.count("busy") == 4 - started
    _run(queued)
    second = ExportJob.objects.exclude(pk=first.pk)
    assert sum(job.size for job in second) == 2
    remote = org_records(org.base_url, host=org.host, sobject="Lead")
    assert sorted(r["Company"] for r in remote) == ["Changed", "Changed"]
