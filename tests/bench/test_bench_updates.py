"""The updates benchmark at a small size: one SOQL request per 200 exported records, every
partner change landed locally, every vendor edit landed in the org through a real worker
process, the figures printed, a missed target or a lost change failing the run, and no rows
left behind.

Edit-to-org times are printed by the command but never judged here: tests must not depend on
timing. The worker process shares the test database, so these need PostgreSQL.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_q.models import OrmQ, Schedule, Task

from accounts.models import PartnerAccount, User
from devtools.bench.export.data import BenchFigureWrong
from devtools.bench.updates import run as updates
from devtools.bench.updates.run import UpdatesOptions, bench_updates_run
from portal.models import Lead
from sync.models import (
    ConnectedExternalRecord,
    Connection,
    ExportJob,
    RecordMap,
    SyncLease,
    UpdateOutbox,
)
from sync.schedules import RESUME_TASK
from sync.services.updates.poll import PollReport

# 450 records: three queries of 200, 200 and 50 ids.
RECORDS = 450

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def _left() -> list[str]:
    """The models that still hold rows."""
    models = (
        Lead,
        User,
        PartnerAccount,
        Connection,
        ExportJob,
        RecordMap,
        ConnectedExternalRecord,
        UpdateOutbox,
        SyncLease,
        Task,
        OrmQ,
    )
    left = [model.__name__ for model in models if model.objects.exists()]
    # The periodic sweep every database keeps (made by migrate and by the test database flush).
    if Schedule.objects.exclude(func=RESUME_TASK).exists():
        left.append(Schedule.__name__)
    return left


@pytest.mark.postgres
def test_one_poll_queries_once_per_200_records_and_every_edit_reaches_the_org():
    options = UpdatesOptions(records=RECORDS, changed=5, edits=2, latency_target_seconds=None)

    result = bench_updates_run(options)

    poll = result.poll
    assert poll is not None
    assert (poll.target, poll.soql, poll.requests) == (3, 3, 4)
    assert poll.endpoints == {"query_all": 3, "token": 1}
    assert (poll.changed, poll.report.changed, poll.report.errors) == (5, 5, [])
    # The export's own writes are older than the poll's look-back: only the changes return.
    assert (poll.report.returned, poll.report.ignored) == (5, 0)
    assert result.latency is not None
    assert len(result.latency.seconds) == 2
    assert all(seconds > 0 for seconds in result.latency.seconds)
    # Each save queued one push, which the worker process ran.
    assert result.latency.tasks["push"] == 2
    assert result.met
    assert _left() == []


@pytest.mark.postgres
def test_command_prints_both_figures_and_fails_when_a_target_is_missed(monkeypatch):
    # No edit can arrive within 1 ms: the push window alone is a second.
    monkeypatch.setattr("devtools.management.commands.bench_updates.LATENCY_TARGET_SECONDS", 0.001)
    out = StringIO()

    with pytest.raises(CommandError, match="missed its target"):
        call_command("bench_updates", records=250, edits=1, stdout=out, stderr=StringIO())

    report = out.getvalue()
    assert "| SOQL requests of one poll, 2 of 250 leads changed in the org | 2 | <= 2 | PASS |" in (
        report
    )
    assert "median of 1 (push window 1 s) |" in report
    assert "| <= 0.001 s | MISSED |" in report
    assert "Poll: 3 requests in all (query_all 2, token 1);" in report
    assert "Target MISSED." in report
    assert _left() == []


@pytest.mark.postgres
def test_a_partner_change_that_does_not_land_fails_the_run_loudly(monkeypatch):
    monkeypatch.setattr(updates, "updates_poll", lambda connection_id: PollReport())

    with pytest.raises(BenchFigureWrong, match=r"0 changed .* 0 connected records .* for 3"):
        bench_updates_run(UpdatesOptions(records=30, changed=3, edits=1))

    assert _left() == []


@pytest.mark.sqlite
def test_command_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_updates", records=10, stdout=StringIO(), stderr=StringIO())

    assert _left() == []


def test_command_refuses_more_changes_than_records():
    with pytest.raises(CommandError, match="--changed must be between 1 and --records"):
        call_command("bench_updates", records=10, changed=11, stdout=StringIO())
