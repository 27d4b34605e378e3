"""Test connection against an org whose describe is as full as a real org's, and with field and
object names stored in another letter case than the org spells them."""

from __future__ import annotations

import pytest

from emulator.schema import schema_default
from sync.models import ConnectionStatus
from sync.services.connections.setup import connection_test
from tests.factories.sync import standard_mapping

pytestmark = pytest.mark.django_db


def test_describe_checks_count_every_field_of_the_full_describe(
    org_connection, emulated_org, partner_admin
):
    standard_mapping(org_connection, "Lead", default_owner_id=emulated_org.queue_id)

    report = connection_test(actor=partner_admin.user, connection=org_connection)

    checks = {check.name: check for check in report.checks}
    assert report.ok, [c for c in report.checks if not c.ok]
    assert (
        checks["Describe Lead"].detail == f"{len(schema_default()['Lead'].fields)} fields readable."
    )
    assert len(schema_default()["Lead"].fields) > 40


def test_names_stored_in_another_case_still_test_green(org_connection, emulated_org, partner_admin):
    mapping = standard_mapping(
        org_connection,
        "Lead",
        default_owner_id=emulated_org.queue_id,
        external_id_field="vendor_record_id__c",
    )
    mapping.connected_object = "connected_external_lead__c"
    mapping.save(update_fields=["connected_object"])

    report = connection_test(actor=partner_admin.user, connection=org_connection)

    org_connection.refresh_from_db()
    assert report.ok, [c for c in report.checks if not c.ok]
    assert org_connection.status == ConnectionStatus.ENABLED
