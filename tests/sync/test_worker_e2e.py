"""An export run by a real django-q2 worker process (ORM broker) into an emulated org.

The test process queues the task with sync off; a `manage.py qcluster` subprocess, started on
the test's own database with the Salesforce seam routed to the test's emulator, takes it from
the ORM queue and runs it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_q.conf import Conf
from django_q.models import OrmQ, Task

from accounts.models import Membership, PartnerAccount, PartnerRole, User
from emulator.control import org_records
from sync.crypto import secret_encrypt
from sync.models import (
    Connection,
    ExportJob,
    ExportStatus,
    ItemStatus,
    JobStatus,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.export.start import TASK, export_start
from tests.factories import LeadFactory
from tests.factories.sync import enabled_connection
from tests.helpers.orgs import EmulatedOrg

WORKER_DEADLINE_SECONDS = 60
POLL_SECONDS = 0.2
STOP_SECONDS = 10


def _database_url() -> str:
    """A URL of the test database (not the configured one) for another process."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{auth}@{host}/{db['NAME']}"
    return f"sqlite:///{Path(db['NAME']).resolve()}"


def _skip_unless_shared_database() -> None:
    """Skip on an in-memory SQLite test database, which no other process can open."""
    in_memory = getattr(connection.creation, "is_in_memory_db", lambda name: False)
    if connection.vendor == "sqlite" and in_memory(connection.settings_dict["NAME"]):
        pytest.skip(
            "needs a test database another process can open: PostgreSQL (set DATABASE_URL) "
            "or a file-based SQLite test database (DATABASES['default']['TEST']['NAME'])"
        )


def _worker_environment(emulator_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of an asynchronous cluster on the test database and emulator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        # TESTING off makes Q_CLUSTER asynchronous; DEBUG gives the development defaults.
        TESTING="false",
        DEBUG="true",
        SECRET_KEY=settings.SECRET_KEY,
        ENCRYPTION_KEY=settings.ENCRYPTION_KEY,
        DATABASE_URL=_database_url(),
        SALESFORCE_EMULATOR_URL=emulator_url,
        EMAIL_BACKEND="locmem",
        Q_WORKERS="1",
        VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the cluster and its worker processes (its own process group), killing if needed."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)


@pytest.fixture
def worker(
    transactional_db: None, emulated_org: EmulatedOrg, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """A running `manage.py qcluster`; yields a function returning its output so far."""
    _skip_unless_shared_database()
    log_path = tmp_path / "qcluster.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=settings.BASE_DIR,
            env=_worker_environment(emulated_org.base_url, tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield lambda: log_path.read_text(errors="replace")
    finally:
        _stop(process)


@pytest.fixture
def exporter(plenty_of_seats: None, company: PartnerAccount, member: Any) -> User:
    membership: Membership = member(company, PartnerRole.USER, can_export=True)
    return membership.user


@pytest.fixture
def org_connection(company: PartnerAccount, emulated_org: EmulatedOrg) -> Connection:
    return enabled_connection(
        partner_account=company,
        my_domain=emulated_org.host,
        client_id=emulated_org.client_id,
        client_secret_encrypted=secret_encrypt(emulated_org.client_secret),
    )


def _wait_for(done: Callable[[], bool], output: Callable[[], str], what: str) -> None:
    """Poll until ``done()``; fail with the worker's output after the deadline."""
    deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {WORKER_DEADLINE_SECONDS} s. Worker output:\n{output()}")
        time.sleep(POLL_SECONDS)


def test_a_real_worker_process_takes_the_queued_export_and_lands_it_in_the_org(
    worker: Callable[[], str],
    org_connection: Connection,
    exporter: User,
    emulated_org: EmulatedOrg,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)
    leads = [LeadFactory.create(owner=exporter, last_name=f"Worker-{n}") for n in range(3)]

    job = export_start(
        actor=exporter, object_type=ObjectType.LEAD, record_ids=[x.pk for x in leads]
    )

    def finished() -> bool:
        job.refresh_from_db()
        return job.status in (JobStatus.COMPLETED, JobStatus.FAILED)

    _wait_for(finished, worker, "The export job did not finish")
    _wait_for(
        lambda: Task.objects.filter(func=TASK).exists(), worker, "The worker saved no task result"
    )
    assert (job.status, job.processed, job.succeeded, job.skipped, job.failed) == (
        JobStatus.COMPLETED,
        3,
        3,
        0,
        0,
    )
    (task,) = Task.objects.filter(func=TASK)
    assert (task.success, task.args) == (True, (job.pk,))
    assert not OrmQ.objects.exists()
    assert set(job.items.values_list("status", "outbound_status")) == {
        (ItemStatus.SENT, OutboundStatus.EXPORT_SUCCESS)
    }
    remote = {
        r["Vendor_Record_Id__c"]: r
        for r in org_records(emulated_org.base_url, host=emulated_org.host, sobject="Lead")
    }
    assert sorted(remote) == sorted(str(lead.pk) for lead in leads)
    for record_map in RecordMap.objects.filter(connection=org_connection):
        assert record_map.lead is not None
        assert record_map.external_id == remote[str(record_map.lead_id)]["Id"]
        assert remote[str(record_map.lead_id)]["LastName"] == record_map.lead.last_name
        assert (record_map.export_status, record_map.job_id) == (ExportStatus.EXPORTED, None)
    assert RecordMap.objects.filter(connection=org_connection).count() == 3
    assert ExportJob.objects.count() == 1
