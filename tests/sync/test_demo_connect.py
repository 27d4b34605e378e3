"""The demo connects two companies to emulated orgs through the services, and can export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from accounts.models import User
from devtools.demo.cast import NORTHWIND
from emulator.control import org_records
from emulator.demo import DEMO_ORGS
from emulator.server import RunningEmulator
from portal.models import Lead
from portal.selectors.records import leads_visible_to
from sync.models import Connection, ConnectionStatus, JobStatus, MappingState
from sync.services.export.start import export_start

pytestmark = pytest.mark.django_db


def _seed() -> str:
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_connect", stdout=out)
    return out.getvalue()


def test_demo_connects_two_companies_with_active_mappings(
    emulator_settings: RunningEmulator,
) -> None:
    output = _seed()

    connections = Connection.objects.order_by("partner_account__name")
    assert [c.status for c in connections] == [ConnectionStatus.ENABLED] * 2
    assert all(c.credentials_ok and c.integration_user_id for c in connections)
    for connection in connections:
        assert {m.state for m in connection.object_mappings.all()} == {MappingState.ACTIVE}
        assert connection.object_mappings.count() == 2
    assert "Enabled" in output


def test_demo_connect_runs_again_without_changing_anything(
    emulator_settings: RunningEmulator,
) -> None:
    _seed()
    before = list(Connection.objects.values_list("pk", "status", "updated_at"))

    out = io.StringIO()
    call_command("demo_connect", stdout=out)

    assert list(Connection.objects.values_list("pk", "status", "updated_at")) == before
    assert out.getvalue().count("already Enabled") == 2


def test_a_demo_exporter_exports_into_the_emulated_org(
    emulator_settings: RunningEmulator, django_capture_on_commit_callbacks: Any
) -> None:
    _seed()
    exporter = User.objects.get(email="olivia.reed@northwind.example.com")
    leads = list(leads_visible_to(exporter).filter(partner_account__name=NORTHWIND)[:3])

    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(
            actor=exporter, object_type="Lead", record_ids=[lead.pk for lead in leads]
        )

    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert job.succeeded == 3
    host = DEMO_ORGS[0]["host"]
    remote = org_records(emulator_settings.base_url, host=host, sobject="Lead")
    assert {r["Vendor_Record_Id__c"] for r in remote} >= {str(lead.pk) for lead in leads}
    assert Lead.objects.filter(record_maps__external_id__startswith="00Q").count() == 3


def test_demo_connect_says_when_the_emulator_is_down(settings: Settings) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    settings.SALESFORCE_EMULATOR_URL = "http://127.0.0.1:9"

    with pytest.raises(CommandError, match="does not answer"):
        call_command("demo_connect", "--wait", "0", stdout=io.StringIO())

    assert not Connection.objects.exists()
