"""The demo as it is built exports both objects: every lead and opportunity reaches the org."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from devtools.demo.cast import NORTHWIND
from emulator.control import org_records
from emulator.demo import DEMO_ORGS
from emulator.server import RunningEmulator
from portal.selectors.records import leads_visible_to, opportunities_visible_to
from sync.models import JobStatus, ObjectMapping, ObjectType
from sync.services.export.start import export_start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("object_type", "visible"),
    [(ObjectType.LEAD, leads_visible_to), (ObjectType.OPPORTUNITY, opportunities_visible_to)],
)
def test_the_demo_exports_leads_and_opportunities_without_a_failure(
    emulator_settings: RunningEmulator,
    django_capture_on_commit_callbacks: Any,
    object_type: ObjectType,
    visible: Any,
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("demo_connect", stdout=io.StringIO())
    exporter = User.objects.get(email="olivia.reed@northwind.example.com")
    records = list(visible(exporter).filter(partner_account__name=NORTHWIND)[:5])
    assert records, "the demo gives the exporter records of both objects"

    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(
            actor=exporter, object_type=object_type, record_ids=[r.pk for r in records]
        )

    job.refresh_from_db()
    assert (job.status, job.succeeded, job.failed) == (JobStatus.COMPLETED, len(records), 0)
    remote = org_records(emulator_settings.base_url, host=DEMO_ORGS[0]["host"], sobject=object_type)
    assert {r["Vendor_Record_Id__c"] for r in remote} >= {str(r.pk) for r in records}


def test_the_demo_opportunity_mapping_is_owned_by_a_user_not_a_queue(
    emulator_settings: RunningEmulator,
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("demo_connect", stdout=io.StringIO())
    owners = ObjectMapping.objects.values_list("object_type", "default_owner_id")
    for object_type, owner in owners:
        assert owner.startswith("00G" if object_type == ObjectType.LEAD else "005"), object_type
