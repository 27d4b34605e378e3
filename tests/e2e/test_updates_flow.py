"""A change made in the emulated partner org shows in the Connected External Leads list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress

from emulator.control import org_record_update
from portal.models import LeadStatus
from sync.models import RecordMap
from sync.services.updates.poll import updates_poll
from tests.helpers.browser import log_in

pytestmark = [
    # As every update test (tests/sync/updates/conftest.py), with no push window.
    pytest.mark.usefixtures("no_push_window"),
]


def _section(page: Any) -> Any:
    heading = page.get_by_role("heading", name="Connected External Leads")
    return page.locator("section", has=heading)


def _connected_value(page: Any, label: str) -> str:
    """The partner org's value in the related list's row headed exactly ``label``."""
    header = page.locator("th", has_text=re.compile(f"^{re.escape(label)}$"))
    row = _section(page).locator("tr", has=header)
    # The first cell is the partner org's copy; the second, what the vendor sent.
    return str(row.locator("td").first.inner_text()).strip()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_partner_side_change_shows_in_the_connected_external_leads_list(
    page: Any, org: Any, org_connection: Any, exporter: Any, exported_leads: Any
) -> None:
    (lead,) = exported_leads(1, status=LeadStatus.OPEN, title="Buyer")
    updates_poll(connection_id=org_connection.pk)
    EmailAddress.objects.create(user=exporter, email=exporter.email, verified=True, primary=True)
    log_in(page, exporter.email)
    page.goto(f"/leads/{lead.pk}/")
    assert _connected_value(page, "Status") == "Open - Not Contacted"

    record_map = RecordMap.objects.get()
    org_record_update(
        org.base_url,
        host=org.host,
        sobject="Lead",
        record_id=record_map.external_id,
        values={"Status": "Working - Contacted", "Title": "Head of Buying"},
    )
    assert updates_poll(connection_id=org_connection.pk).changed == 1
    page.reload()

    assert _connected_value(page, "Status") == "Working - Contacted"
    assert _connected_value(page, "Title") == "Head of Buying"
    # UpdateSuccess, by its label and meaning.
    assert _connected_value(page, "Sync status").startswith("Changes received")
