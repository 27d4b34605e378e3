"""A disable that lands while an export chunk is being sent, on PostgreSQL with real threads."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from emulator.control import org_records
from sync.models import ConnectionStatus, ExportJob, ItemStatus, JobStatus, ObjectType
from sync.services.connections.lifecycle import connection_disable
from sync.services.export import run as export_run
from sync.services.export.start import export_start
from tests.helpers.concurrency import in_thread
from tests.helpers.export import many_leads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # As every lifecycle test (tests/sync/lifecycle/conftest.py), with no push window.
    pytest.mark.usefixtures("no_push_window"),
]


def test_a_disable_during_a_chunk_does_not_wait_for_it_and_parks_the_job_after_it(
    org, org_connection, exporter, vendor_admin, monkeypatch
):
    leads = many_leads(exporter, 250)
    in_chunk, go_on = threading.Event(), threading.Event()
    real_chunk = export_run.chunk_process
    errors: list[Exception] = []

    def held_chunk(run: Any, item_ids: Any) -> None:
        in_chunk.set()
        go_on.wait(timeout=30)
        real_chunk(run, item_ids)

    def export() -> None:
        try:
            # The queued task runs inline on commit, in this thread.
            export_start(
                actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
            )
        except Exception as error:  # any failure must show in the assertion
            errors.append(error)

    monkeypatch.setattr(export_run, "chunk_process", held_chunk)
    worker = in_thread(export)
    assert in_chunk.wait(timeout=30)
    connection_disable(actor=vendor_admin, connection=org_connection)
    go_on.set()
    worker.join()

    assert errors == []
    job = ExportJob.objects.get()
    assert (job.status, job.succeeded, job.failed) == (JobStatus.WAITING, 200, 0)
    assert job.items.filter(status=ItemStatus.PENDING).count() == 50
    assert len(org_records(org.base_url, host=org.host, sobject="Lead")) == 200
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.DISABLED
