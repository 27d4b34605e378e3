"""Two POSTs with one Idempotency-Key that race, on PostgreSQL with real threads."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection as db

from api.exports import views as views_connect
from sync.models import ExportJob, RecordMap
from tests.helpers.concurrency import in_thread

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # As every API test (tests/api/conftest.py), with no throttle history.
    pytest.mark.usefixtures("clean_throttle_history"),
]


def _lock_waiters() -> int:
    """Sessions of this database waiting on a lock (the racing POST, blocked on the key)."""
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


def test_two_racing_posts_with_one_key_start_one_job_and_answer_it_twice(
    api_client_for, connection, exporter, leads, monkeypatch
):
    body = {"object_type": "Lead", "record_ids": [lead.pk for lead in leads]}
    clients = [api_client_for(exporter), api_client_for(exporter)]
    in_export, go_on = threading.Event(), threading.Event()
    real_start = views_connect.export_start
    responses: dict[int, Any] = {}

    def held_start(**kwargs: Any) -> ExportJob:
        in_export.set()
        go_on.wait(timeout=30)
        return real_start(**kwargs)

    def post(n: int) -> Any:
        return clients[n].post("/api/v1/exports/", body, format="json", HTTP_IDEMPOTENCY_KEY="race")

    monkeypatch.setattr(views_connect, "export_start", held_start)
    first = in_thread(post, 0)
    assert in_export.wait(timeout=30)
    second = in_thread(post, 1)
    # The second request is blocked on the first one's uncommitted key before it exports.
    deadline = time.monotonic() + 30
    while _lock_waiters() < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _lock_waiters() == 1
    go_on.set()
    responses[0] = first.join()
    responses[1] = second.join()

    assert responses[0].status_code == responses[1].status_code == 201
    assert responses[0].json() == responses[1].json()
    assert responses[1]["Idempotent-Replayed"] == "true"
    assert ExportJob.objects.count() == 1
    assert RecordMap.objects.count() == 3
