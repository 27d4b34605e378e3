"""Update pushes have a django-q2 cluster and queue of their own, which polls and exports never
occupy: a push is taken by the push worker even while the main cluster is busy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_q.conf import Conf
from django_q.models import OrmQ, Task
from django_q.tasks import async_task

from portal.models import Lead, LeadStatus
from portal.services.records import record_save
from sync.models import ObjectType, OutboundStatus, RecordMap
from sync.services.export.start import TASK as EXPORT_TASK
from sync.services.export.start import export_start
from sync.services.updates.common import CYCLE_TASK
from sync.services.updates.outbox import PUSH_TASK, updates_queue
from tests.helpers.export import many_leads
from tests.helpers.updates import connected_leads

MAIN = settings.Q_CLUSTER["name"]
PUSHES = settings.Q_PUSH_CLUSTER
DEADLINE_SECONDS = 60


def _queues() -> dict[str, list[str]]:
    """The functions waiting in each queue of the ORM broker."""
    waiting: dict[str, list[str]] = {}
    for row in OrmQ.objects.order_by("pk"):
        waiting.setdefault(row.key, []).append(row.func())
    return waiting


@pytest.mark.django_db
def test_a_queued_update_push_goes_to_the_push_queue_and_an_export_to_the_main_one(
    org_connection, exporter, monkeypatch, django_capture_on_commit_callbacks
):
    lead = many_leads(exporter, 1)[0]
    monkeypatch.setattr(Conf, "SYNC", False)
    with django_capture_on_commit_callbacks(execute=True):
        export_start(actor=exporter, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    with django_capture_on_commit_callbacks(execute=True):
        updates_queue(record_map_ids=[RecordMap.objects.get().pk])
    async_task(CYCLE_TASK, org_connection.pk)
    assert _queues() == {MAIN: [EXPORT_TASK, CYCLE_TASK], PUSHES: [PUSH_TASK]}


def _cluster_conf(name: str | None) -> list[str]:
    """What django-q2 makes of our settings in a cluster started with Q_CLUSTER_NAME=name."""
    env = {k: v for k, v in os.environ.items() if k != "Q_CLUSTER_NAME"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", TESTING="false", DEBUG="true")
    if name:
        env["Q_CLUSTER_NAME"] = name
    code = (
        "import django; django.setup(); from django_q.conf import Conf; "
        "print(Conf.PREFIX, Conf.CLUSTER_NAME, Conf.WORKERS, Conf.TIMEOUT, Conf.RETRY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.split()


def test_the_push_cluster_has_its_own_queue_and_workers_and_a_retry_above_its_timeout():
    assert _cluster_conf(None) == ["portal", "portal", "2", "300", "360"]
    # Same prefix (the salt signing queued tasks), its own queue name and limits.
    assert _cluster_conf(PUSHES) == ["portal", "pushes", "2", "180", "240"]
    alternatives = cast(dict[str, Any], settings.Q_CLUSTER["ALT_CLUSTERS"])
    for cluster in [settings.Q_CLUSTER, *alternatives.values()]:
        assert cluster["retry"] > cluster["timeout"]


def _database_url() -> str:
    """A URL of the test database for another process (PostgreSQL or file-based SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{Path(db['NAME']).resolve()}"


@pytest.fixture
def push_worker(transactional_db: None, org: Any, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A running push cluster (`Q_CLUSTER_NAME=pushes manage.py qcluster`), and no main one."""
    in_memory = getattr(connection.creation, "is_in_memory_db", lambda name: False)
    if connection.vendor == "sqlite" and in_memory(connection.settings_dict["NAME"]):
        pytest.skip(
            "needs a test database another process can open: PostgreSQL (set DATABASE_URL) "
            "or a file-based SQLite test database (DATABASES['default']['TEST']['NAME'])"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        TESTING="false",
        DEBUG="true",
        SECRET_KEY=settings.SECRET_KEY,
        ENCRYPTION_KEY=settings.ENCRYPTION_KEY,
        DATABASE_URL=_database_url(),
        SALESFORCE_EMULATOR_URL=org.base_url,
        EMAIL_BACKEND="locmem",
        UPDATE_PUSH_WINDOW_SECONDS="0",
        Q_CLUSTER_NAME=PUSHES,
        VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    log_path = tmp_path / "pushes.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield lambda: log_path.read_text(errors="replace")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.mark.usefixtures("no_push_window")
def test_a_push_is_taken_by_the_push_worker_while_the_main_queue_is_full_of_polls(
    push_worker, org, org_connection, exported_leads, monkeypatch
):
    (lead,) = exported_leads(1, status=LeadStatus.OPEN)
    monkeypatch.setattr(Conf, "SYNC", False)
    # The main cluster is busy: its queue holds a poll cycle per connection, none taken.
    for _ in range(15):
        async_task(CYCLE_TASK, org_connection.pk)
    fresh = Lead.objects.get(pk=lead.pk)
    fresh.status = LeadStatus.WORKING
    record_save(actor=None, record=fresh)

    deadline = time.monotonic() + DEADLINE_SECONDS
    while not Task.objects.filter(func=PUSH_TASK).exists():
        if time.monotonic() > deadline:
            pytest.fail(f"The push worker took no push. Its output:\n{push_worker()}")
        time.sleep(0.2)
    assert connected_leads(org)[str(lead.pk)]["Status__c"] == "Working - Contacted"
    assert RecordMap.objects.get().outbound_status == OutboundStatus.UPDATE_SUCCESS
    assert _queues() == {MAIN: [CYCLE_TASK] * 15}
