"""Test connection against the org emulator over real HTTP: each check and its exact fix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from emulator.schema import schema_default, schema_without
from sync.errors import ActionNotPermitted, ConnectionInvalid
from sync.models import ConnectionStatus, MappingState, ObjectMapping
from sync.services.connections.checks import APP_FIX
from sync.services.connections.setup import connection_test
from tests.factories.sync import ConnectionFactory, standard_mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def connect(emulator_settings, company, partner_admin):
    """A connection of the company to an emulated org, with the org's own credentials."""

    def make(org, *, secret=None, **fields):
        from sync.crypto import secret_encrypt

        return ConnectionFactory.create(
            partner_account=company,
            my_domain=org.host,
            client_id=org.client_id,
            client_secret_encrypted=secret_encrypt(secret or org.client_secret),
            **fields,
        )

    return make


def _run(connection, partner_admin):
    report = connection_test(actor=partner_admin.user, connection=connection)
    connection.refresh_from_db()
    return report, {check.name: check for check in report.checks}


def test_a_complete_org_tests_green_and_records_the_integration_user(
    connect, emulated_org, partner_admin
):
    connection = connect(emulated_org)
    report, checks = _run(connection, partner_admin)
    assert report.ok, [c for c in report.checks if not c.ok]
    assert list(checks) == [
        "Token",
        "Describe Lead",
        "Describe Opportunity",
        "External ID field on Lead",
        "Connected External Lead object",
        "Default owner of imported Lead records",
        "External ID field on Opportunity",
        "Connected External Opportunity object",
        "Default owner of imported Opportunity records",
    ]
    assert connection.credentials_ok is True
    assert connection.integration_user_id == emulated_org.integration_user_id
    assert connection.last_tested_at is not None
    assert connection.last_test_result == report.as_json()
    # Green credentials alone do not enable it: no mapping is active yet.
    assert connection.status == ConnectionStatus.PENDING


def test_green_test_with_an_active_mapping_enables_the_connection(
    connect, emulated_org, partner_admin
):
    connection = connect(emulated_org)
    standard_mapping(connection, "Lead", default_owner_id=emulated_org.queue_id)
    report, checks = _run(connection, partner_admin)
    assert report.ok, [c for c in report.checks if not c.ok]
    # The check names the owner, and the mapping keeps that name for the pages that show it.
    assert checks["Default owner of imported Lead records"].detail == (
        f"Queue Partner Leads Queue ({emulated_org.queue_id}) exists."
    )
    mapping = ObjectMapping.objects.get(connection=connection, object_type="Lead")
    assert mapping.default_owner_name == "Partner Leads Queue"
    assert "Describe Opportunity" in checks and "External ID field on Opportunity" not in checks
    assert connection.status == ConnectionStatus.ENABLED


def test_a_wrong_secret_fails_the_token_check_with_the_fix(connect, emulated_org, partner_admin):
    connection = connect(emulated_org, secret="not-the-secret")
    report, checks = _run(connection, partner_admin)
    assert not report.ok
    assert list(checks) == ["Token"]
    assert checks["Token"].fix == APP_FIX
    assert APP_FIX.startswith("Check the client id and secret of the External Client App")
    assert connection.credentials_ok is False
    assert connection.integration_user_id == ""


def test_missing_vendor_record_id_names_the_field_to_create(
    connect, emulated_org_factory, partner_admin
):
    org = emulated_org_factory(schema=schema_without("Lead", "Vendor_Record_Id__c"))
    connection = connect(org)
    report, checks = _run(connection, partner_admin)
    assert not report.ok
    check = checks["External ID field on Lead"]
    assert check.ok is False
    assert check.fix == (
        "Create a Text(40) field Vendor_Record_Id__c on Lead, marked External ID and Unique"
    )
    assert checks["External ID field on Opportunity"].ok is True
    assert connection.credentials_ok is False


def test_an_external_id_field_without_the_boxes_ticked_says_which_to_tick(
    connect, emulated_org_factory, partner_admin
):
    names = [n for n in schema_default()["Lead"].fields if n != "Vendor_Record_Id__c"]
    plain = {"name": "Vendor_Record_Id__c", "label": "Vendor Record Id", "type": "string"}
    spec = {**schema_without("Lead"), "Lead": [*names, {**plain, "length": 40, "unique": True}]}
    org = emulated_org_factory(schema=spec)
    _report, checks = _run(connect(org), partner_admin)
    check = checks["External ID field on Lead"]
    assert check.detail == "Lead.Vendor_Record_Id__c exists but is not marked External ID."
    assert check.fix == (
        "In Setup > Object Manager > Lead > Fields & Relationships, edit Vendor_Record_Id__c "
        'and tick "External ID"'
    )


def test_missing_connected_object_says_which_object_and_fields_to_create(
    connect, emulated_org_factory, partner_admin
):
    org = emulated_org_factory(schema=schema_without("Connected_External_Lead__c"))
    connection = connect(org)
    mapping = standard_mapping(connection, "Lead")
    mapping.fields.exclude(field_name__in=["status", "phone"]).update(send_updates=False)
    _report, checks = _run(connection, partner_admin)
    check = checks["Connected External Lead object"]
    assert check.ok is False
    assert check.detail == "The org has no object Connected_External_Lead__c."
    assert check.fix == (
        "Create a custom object Connected External Lead (API name Connected_External_Lead__c) "
        "with a Lookup(Lead) field Lead__c, a Text(40) field Vendor_Record_Id__c marked "
        "External ID and Unique, a Phone field Phone__c and a Picklist field Status__c (with "
        "the values of Lead.Status)"
    )
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING


def test_connected_object_lacking_an_update_field_names_it_with_its_type(
    connect, emulated_org_factory, partner_admin
):
    org = emulated_org_factory(
        schema=schema_without("Connected_External_Opportunity__c", "Amount__c")
    )
    connection = connect(org)
    standard_mapping(connection, "Opportunity")
    _report, checks = _run(connection, partner_admin)
    check = checks["Connected External Opportunity object"]
    assert check.ok is False
    assert check.fix == (
        "Create a Currency(16, 2) field Amount__c on Connected_External_Opportunity__c"
    )


def test_default_owner_must_be_an_active_user_or_a_queue_of_the_org(
    connect, emulated_org, partner_admin
):
    connection = connect(emulated_org)
    lead = standard_mapping(connection, "Lead", default_owner_id=emulated_org.user_ids[0])
    standard_mapping(connection, "Opportunity", default_owner_id=emulated_org.inactive_user_id)
    _report, checks = _run(connection, partner_admin)
    assert checks["Default owner of imported Lead records"].ok is True
    owner = checks["Default owner of imported Opportunity records"]
    assert owner.ok is False
    assert owner.detail == f"No active user has the id {emulated_org.inactive_user_id}."
    assert owner.fix.startswith("Copy the 18-character id of an active user (005...)")
    assert lead.state == MappingState.ACTIVE
    assert connection.credentials_ok is False


def test_a_green_test_reconnects_a_connection_in_error(connect, emulated_org, partner_admin):
    connection = connect(
        emulated_org, status=ConnectionStatus.ERROR, last_error="Salesforce refused the session."
    )
    standard_mapping(connection, "Lead", default_owner_id=emulated_org.queue_id)
    report, _ = _run(connection, partner_admin)
    assert report.ok
    assert connection.status == ConnectionStatus.ENABLED
    assert connection.last_error == "" and connection.error_at is None


def test_a_failing_test_leaves_a_disabled_connection_disabled(connect, emulated_org, partner_admin):
    connection = connect(emulated_org, status=ConnectionStatus.DISABLED)
    report, _ = _run(connection, partner_admin)
    assert report.ok
    assert connection.status == ConnectionStatus.DISABLED


def test_only_the_partner_admin_may_test_and_nothing_is_stored_otherwise(
    connect, emulated_org, company, member
):
    connection = connect(emulated_org)
    user = member(company, PartnerRole.EXECUTIVE, can_export=True).user
    with pytest.raises(ActionNotPermitted):
        connection_test(actor=user, connection=connection)
    connection.refresh_from_db()
    assert connection.last_tested_at is None and connection.last_test_result == []


def test_testing_without_credentials_says_what_to_enter(company, partner_admin):
    connection = ConnectionFactory.create(
        partner_account=company, my_domain="", client_secret_encrypted=""
    )
    with pytest.raises(ConnectionInvalid) as refused:
        connection_test(actor=partner_admin.user, connection=connection)
    assert refused.value.message.startswith("Enter the org's My Domain, client id and client")


def test_the_test_button_swaps_in_the_results_panel(client, connect, emulated_org, partner_admin):
    connection = connect(emulated_org)
    client.force_login(partner_admin.user)
    response = client.post(reverse("sync:connect-test"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card" id="test-results"')
    assert html.count("check--ok") == 9 and "check--fail" not in html
    assert "Passed" in html
    connection.refresh_from_db()
    assert connection.credentials_ok is True


def test_the_results_show_each_failing_check_with_its_fix(
    client, connect, emulated_org_factory, partner_admin
):
    org = emulated_org_factory(schema=schema_without("Opportunity", "Vendor_Record_Id__c"))
    connect(org)
    client.force_login(partner_admin.user)
    response = client.post(reverse("sync:connect-test"), follow=True)
    html = response.content.decode()
    assert "Test connection found problems" in html
    assert "check--fail" in html
    assert (
        "<strong>Fix:</strong> Create a Text(40) field Vendor_Record_Id__c on Opportunity, "
        "marked External ID and Unique"
    ) in html
    assert not ObjectMapping.objects.exists()
