"""The /limits answer: the allocations a Salesforce org reports, the modelled ones moving.

DailyApiRequests moves with every REST call, DailyBulkApiBatches with every Bulk API 2.0
ingest job run (one batch per 10,000 records, as Salesforce counts them) and DataStorageMB
with the records held (2 KB each, as Salesforce counts most records). The rest stay full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from emulator.state import Org

RECORD_STORAGE_KB = 2
NOT_STORED = ("User", "Group")
DATA_STORAGE_MB = 10240
BULK_API_BATCHES = 15000
# The allocations of an Enterprise Edition org as /limits reports them, none modelled here.
STATIC_LIMITS: dict[str, int] = {
    "ActiveScratchOrgs": 0,
    "AnalyticsExternalDataSizeMB": 40960,
    "ConcurrentAsyncGetReportInstances": 200,
    "ConcurrentEinsteinDataInsightsStoryCreation": 5,
    "ConcurrentEinsteinDiscoveryStoryCreation": 2,
    "ConcurrentSyncReportRuns": 20,
    "DailyAnalyticsDataflowJobExecutions": 60,
    "DailyAnalyticsUploadedFilesSizeMB": 51200,
    "DailyAsyncApexExecutions": 250000,
    "DailyAsyncApexTests": 500,
    "DailyBulkV2QueryFileStorageMB": 976562,
    "DailyBulkV2QueryJobs": 10000,
    "DailyDeliveredPlatformEvents": 50000,
    "DailyDurableGenericStreamingApiEvents": 10000,
    "DailyDurableStreamingApiEvents": 10000,
    "DailyEinsteinDataInsightsStoryCreation": 1000,
    "DailyEinsteinDiscoveryPredictAPICalls": 50000,
    "DailyEinsteinDiscoveryPredictionsByCDC": 500000,
    "DailyEinsteinDiscoveryStoryCreation": 100,
    "DailyGenericStreamingApiEvents": 10000,
    "DailyScratchOrgs": 0,
    "DailyStandardVolumePlatformEvents": 10000,
    "DailyStreamingApiEvents": 10000,
    "DailyWorkflowEmails": 2000,
    "DurableStreamingApiConcurrentClients": 20,
    "FileStorageMB": 10240,
    "HourlyAsyncReportRuns": 1200,
    "HourlyDashboardRefreshes": 200,
    "HourlyDashboardResults": 5000,
    "HourlyDashboardStatuses": 999999999,
    "HourlyLongTermIdMapping": 100000,
    "HourlyManagedContentPublicRequests": 50000,
    "HourlyODataCallout": 10000,
    "HourlyPublishedPlatformEvents": 50000,
    "HourlyPublishedStandardVolumePlatformEvents": 1000,
    "HourlyShortTermIdMapping": 100000,
    "HourlySyncReportRuns": 500,
    "HourlyTimeBasedWorkflow": 50,
    "MassEmail": 10,
    "MonthlyPlatformEventsUsageEntitlement": 0,
    "Package2VersionCreates": 0,
    "Package2VersionCreatesWithoutValidation": 0,
    "PermissionSetsAssigned": 1500,
    "PrivateConnectOutboundCalloutHourlyLimitMB": 0,
    "PublishCallbackUsageInApex": 5000000,
    "SingleEmail": 5000,
    "StreamingApiConcurrentClients": 20,
}


def _allocation(maximum: int, used: int) -> dict[str, int]:
    return {"Max": maximum, "Remaining": max(maximum - used, 0)}


def data_storage_used_mb(org: Org) -> int:
    """Return the data storage the org's live records take, in whole MB."""
    records = sum(
        1
        for name, table in org.records.items()
        if name not in NOT_STORED
        for record in table.values()
        if not record["IsDeleted"]
    )
    return records * RECORD_STORAGE_KB // 1024


def limits_view(org: Org) -> dict[str, dict[str, int]]:
    """Return every allocation as /limits answers it, in Salesforce's alphabetical order."""
    moving = {
        "DailyApiRequests": _allocation(org.api_limit, org.api_used),
        "DailyBulkApiBatches": _allocation(BULK_API_BATCHES, org.bulk_batches_used),
        "DataStorageMB": _allocation(DATA_STORAGE_MB, data_storage_used_mb(org)),
    }
    static = {name: _allocation(maximum, 0) for name, maximum in STATIC_LIMITS.items()}
    return dict(sorted({**static, **moving}.items()))
