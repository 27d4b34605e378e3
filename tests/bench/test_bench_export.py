"""The export benchmark at a small size: exact request counts per path, the org holding every
record, the table printed, a missed target failing the command, and no rows left behind.

CPU time is printed by the command but never judged here: tests must not depend on timing.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import PartnerAccount, User
from devtools.bench.export.run import BenchOptions, bench_run, collection_requests
from portal.models import Lead
from sync.models import Connection, ExportJob, RecordMap

# Above 1,400 records the Bulk API's fixed 8 requests are fewer than the collections path's.
RECORDS = 1600

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def _nothing_left() -> bool:
    return not (
        Lead.objects.exists()
        or User.objects.exists()
        or PartnerAccount.objects.exists()
        or Connection.objects.exists()
        or ExportJob.objects.exists()
        or RecordMap.objects.exists()
    )


def test_each_path_takes_the_expected_requests_and_lands_every_record():
    result = bench_run(BenchOptions(records=RECORDS, cpu_target_ms=None))

    collections, bulk, again = result.paths
    assert collection_requests(RECORDS) == 9
    assert collections.measured.endpoints == {"collections_upsert": 8, "token": 1}
    assert collections.measured.requests == 9
    assert bulk.measured.endpoints == {
        "token": 1,
        "bulk_create": 1,
        "bulk_upload": 1,
        "bulk_state": 1,
        "bulk_info": 2,
        "bulk_results": 2,
    }
    assert bulk.measured.requests == 8 < collections.measured.requests
    assert again.measured.requests == 0
    assert again.measured.endpoints == {}
    jobs = [
        (p.measured.job.succeeded, p.measured.job.skipped, p.measured.job.failed)
        for p in result.paths
    ]
    assert jobs == [(RECORDS, 0, 0), (RECORDS, 0, 0), (0, RECORDS, 0)]
    assert [p.measured.org_records for p in result.paths] == [RECORDS, 2 * RECORDS, 2 * RECORDS]
    assert [p.problems for p in result.paths] == [[], [], []]
    assert result.met
    assert _nothing_left()


def test_command_prints_the_table_and_fails_when_a_target_is_missed():
    out = StringIO()

    # At 450 records the Bulk API's 8 requests are more than the collections path's 4.
    with pytest.raises(CommandError, match="missed its target"):
        call_command("bench_export", records=450, no_cpu_target=True, stdout=out, stderr=StringIO())

    report = out.getvalue()
    assert "| path | records | API requests | wall s | CPU ms/record |" in report
    assert "| collections | 450 | 4 |" in report
    assert "<= 4 requests | OK |" in report
    assert "| Bulk API 2.0 | 450 | 8 |" in report
    assert "MISSED: 8 requests > 3" in report
    assert "| re-export unchanged | 450 | 0 |" in report
    assert "- collections: collections_upsert 3, token 1" in report
    assert "CPU time printed, not judged" in report
    assert _nothing_left()
