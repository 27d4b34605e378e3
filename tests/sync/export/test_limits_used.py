"""An export moves the org's /limits as Salesforce counts them: API requests, batches, storage."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.control import org_stats
from salesforce import OrgCredentials, SalesforceClient
from sync.models import JobStatus, ObjectType
from tests.helpers.export import export_and_run, many_leads

pytestmark = pytest.mark.django_db


def _limits(org: Any) -> dict[str, dict[str, int]]:
    """The org's limits as the product reads them (the read is itself an API request)."""
    client = SalesforceClient(OrgCredentials(org.host, org.client_id, org.client_secret))
    try:
        return {name: dict(value) for name, value in client.limits().items()}
    finally:
        client.close()


def _used(before: dict[str, dict[str, int]], after: dict[str, dict[str, int]], name: str) -> int:
    return before[name]["Remaining"] - after[name]["Remaining"]


def _api_requests(org: Any) -> int:
    return int(org_stats(org.base_url, host=org.host)["api_requests"])


def test_an_export_by_collections_moves_api_requests_and_storage_but_no_bulk_batches(
    org, org_connection, exporter, django_capture_on_commit_callbacks
):
    leads = many_leads(exporter, 1000)
    before, requests_before = _limits(org), _api_requests(org)

    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk for lead in leads]
    )

    requests_of_export = _api_requests(org) - requests_before
    after = _limits(org)
    assert (job.status, job.succeeded, job.use_bulk) == (JobStatus.COMPLETED, 1000, False)
    assert org_stats(org.base_url, host=org.host)["endpoints"]["collections_upsert"] == 5
    # Every call of the export, and the second limits read.
    assert _used(before, after, "DailyApiRequests") == requests_of_export + 1
    assert _used(before, after, "DailyBulkApiBatches") == 0
    assert _used(before, after, "DataStorageMB") == 1  # 1,000 records of 2 KB, in whole MB


def test_an_export_by_bulk_costs_one_batch_a_job_and_a_few_api_requests(
    org, org_connection, exporter, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BULK_THRESHOLD = 3
    leads = many_leads(exporter, 25)
    before, requests_before = _limits(org), _api_requests(org)

    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk for lead in leads]
    )

    requests_of_export = _api_requests(org) - requests_before
    after = _limits(org)
    assert (job.status, job.succeeded, job.use_bulk) == (JobStatus.COMPLETED, 25, True)
    assert _used(before, after, "DailyBulkApiBatches") == 1
    assert _used(before, after, "DailyApiRequests") == requests_of_export + 1
    assert _used(before, after, "DailyBulkV2QueryJobs") == 0
