"""Update helpers: what reached the emulated org, and how often it was called."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from emulator.control import org_records, org_stats
from sync.models import UpdateOutbox

CONNECTED_LEAD = "Connected_External_Lead__c"


def endpoint_calls(org: Any) -> dict[str, int]:
    """Requests per emulator endpoint so far (only those called)."""
    stats = org_stats(org.base_url, host=org.host)
    return {name: count for name, count in stats["endpoints"].items() if count}


def connected_leads(org: Any) -> dict[str, dict[str, Any]]:
    """The org's Connected External Leads by vendor record id."""
    return {
        r["Vendor_Record_Id__c"]: r
        for r in org_records(org.base_url, host=org.host, sobject=CONNECTED_LEAD)
    }


def queued() -> list[int]:
    """Record map ids whose outbox row is queued."""
    rows = UpdateOutbox.objects.filter(queued_at__isnull=False).order_by("record_map_id")
    return list(rows.values_list("record_map_id", flat=True))


def make_due() -> None:
    """Let every queued row come due now (a retry delay has passed)."""
    UpdateOutbox.objects.filter(queued_at__isnull=False).update(due_at=timezone.now())
