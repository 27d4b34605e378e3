"""The status report reads plainly: who may open it, what is in the org, what can be re-exported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from sync.models import OutboundStatus
from tests.factories import LeadFactory
from tests.factories.sync import exported, failed_and_fine

pytestmark = pytest.mark.django_db

URL = reverse("sync:report-list")


def test_my_exports_offers_the_report_only_to_who_may_open_it(
    client, exporter, company, member, connection
):
    client.force_login(exporter)  # an exporter who is not partner admin
    assert URL not in client.get(reverse("sync:export-list")).content.decode()
    assert client.get(URL).status_code == 403
    admin = member(company, PartnerRole.EXECUTIVE, is_partner_admin=True).user
    client.force_login(admin)
    assert f'href="{URL}"' in client.get(reverse("sync:export-list")).content.decode()


def test_rows_in_the_org_say_so_with_their_id_and_statuses_read_as_labels(
    client, partner_admin, connection, exporter
):
    failed_and_fine(connection, exporter)
    client.force_login(partner_admin)
    page = client.get(URL).content.decode()
    assert "Imported" not in page
    assert "<td>Yes<span" in page and "<code>006fine</code>" in page
    assert '<span class="status">Export failed: refused by the partner org</span>' in page
    assert '<span class="status">Connected</span>' in page  # ImportSuccess
    table = page.split("<tbody>")[1]
    assert "ExportSubscribeFieldMapError" not in table and "ImportSuccess" not in table
    assert "Re-export selected" in page
    assert page.count('name="selected"') == 1  # only the failed row can be chosen


def test_a_page_with_nothing_failed_offers_no_re_export(
    client, partner_admin, connection, exporter
):
    exported(
        LeadFactory.create(owner=exporter),
        connection,
        outbound_status=OutboundStatus.EXPORT_SUCCESS,
        external_id="00Qok",
    )
    client.force_login(partner_admin)
    page = client.get(URL).content.decode()
    assert "Re-export selected" not in page
    assert 'name="selected"' not in page
    assert "No record on this page failed, so there is nothing to re-export." in page
