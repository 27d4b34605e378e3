"""Runs of one connection at the same moment: the lease lets exactly one push or poll work."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.control import org_faults_set
from portal.models import Lead
from sync.services.updates import outbox as updates_outbox
from sync.services.updates.outbox import updates_queue
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push
from tests.helpers.concurrency import race
from tests.helpers.updates import connected_leads, endpoint_calls, queued

THREADS = 6

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # As every update test (tests/sync/updates/conftest.py), with no push window.
    pytest.mark.usefixtures("no_push_window"),
]


def test_concurrent_polls_of_one_connection_let_exactly_one_query(
    org, org_connection, exported_leads
):
    exported_leads(3)
    org_faults_set(org.base_url, host=org.host, latency_ms=300)
    before = endpoint_calls(org).get("query_all", 0)

    reports: list[Any] = race(THREADS, lambda _: updates_poll(connection_id=org_connection.pk))

    assert sorted(r.returned for r in reports) == [0] * (THREADS - 1) + [3]
    assert endpoint_calls(org)["query_all"] - before == 1


def test_concurrent_pushes_of_one_connection_send_each_change_once(
    org, org_connection, exported_leads, monkeypatch
):
    (lead,) = exported_leads(1)
    # The queued push task is left to the race rather than run inline at commit.
    tasks: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        updates_outbox, "async_task", lambda *args, **options: tasks.append((*args, options))
    )
    org_faults_set(org.base_url, host=org.host, latency_ms=300)
    Lead.objects.filter(pk=lead.pk).update(title="CTO")
    updates_queue(record_map_ids=list(lead.record_maps.values_list("pk", flat=True)))
    assert tasks == [(updates_outbox.PUSH_TASK, org_connection.pk, {"cluster": "pushes"})]
    before = endpoint_calls(org).get("collections_upsert", 0)

    reports: list[Any] = race(THREADS, lambda _: updates_push(connection_id=org_connection.pk))

    assert sorted(r.sent for r in reports) == [0] * (THREADS - 1) + [1]
    assert endpoint_calls(org)["collections_upsert"] - before == 1
    assert connected_leads(org)[str(lead.pk)]["Title__c"] == "CTO"
    assert queued() == []
