"""/connections/: vendor admins run them all; a partner admin reads and changes their own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import PartnerRole
from sync.crypto import secret_decrypt
from sync.models import Connection, ConnectionStatus, RecordMap
from tests.factories import LeadFactory, PartnerAccountFactory, StaffFactory
from tests.factories.sync import exported

pytestmark = pytest.mark.django_db

CONNECTIONS = "/api/v1/connections/"


def url(connection, action=""):
    return f"{CONNECTIONS}{connection.pk}/{action + '/' if action else ''}"


def status_of(connection) -> str:
    connection.refresh_from_db()
    return connection.status


def test_a_vendor_admin_lists_every_connection_without_any_secret(
    api_client_for, vendor_admin, connection, other_connection
):
    response = api_client_for(vendor_admin).get(CONNECTIONS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert {row["id"] for row in results} == {connection.pk, other_connection.pk}
    assert all(row["secret_stored"] is True for row in results)
    assert all("client_secret" not in row for row in results)
    assert "s3cret" not in response.content.decode()
    assert connection.client_secret_encrypted not in response.content.decode()


def test_a_partner_admin_reads_only_their_own_connection(
    api_client_for, partner_admin, connection, other_connection
):
    client = api_client_for(partner_admin)

    assert [row["id"] for row in client.get(CONNECTIONS).json()["results"]] == [connection.pk]
    assert client.get(url(connection)).json()["status"] == "Enabled"
    missing = client.get(url(other_connection))
    assert missing.status_code == 404
    assert "Globex" not in missing.content.decode()


@pytest.mark.parametrize("who", ["exporter", "staff_without_permission"])
def test_users_who_are_not_admins_may_not_read_connections(
    api_client_for, exporter, connection, who
):
    user = exporter if who == "exporter" else StaffFactory.create()
    response = api_client_for(user).get(CONNECTIONS)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_callers_are_refused(anonymous_api_client, connection):
    assert anonymous_api_client.get(CONNECTIONS).status_code == 401
    assert anonymous_api_client.post(url(connection, "disable")).status_code == 401
    assert status_of(connection) == ConnectionStatus.ENABLED


@pytest.fixture
def invitee(plenty_of_seats, member):
    """A company without a connection, with a partner admin to invite."""
    account = PartnerAccountFactory.create(name="Initech")
    member(account, PartnerRole.EXECUTIVE, is_partner_admin=True)
    return account


def test_a_vendor_admin_invites_a_company_and_its_admins_get_the_link(
    api_client_for, vendor_admin, invitee, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(vendor_admin).post(
            CONNECTIONS, {"partner_account": invitee.pk}, format="json"
        )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["company"], body["status"]) == ("Initech", "Pending")
    assert body["invited_by_email"] == vendor_admin.email
    assert Connection.objects.get(partner_account=invitee).invited_by == vendor_admin
    assert len(mailoutbox) == 1


def test_a_partner_admin_cannot_invite_and_learns_nothing_about_ids(
    api_client_for, partner_admin, connection, invitee
):
    client = api_client_for(partner_admin)
    real = client.post(CONNECTIONS, {"partner_account": invitee.pk}, format="json")
    made_up = client.post(CONNECTIONS, {"partner_account": invitee.pk + 999}, format="json")

    assert real.status_code == made_up.status_code == 403
    assert real.json() == made_up.json()
    assert not Connection.objects.filter(partner_account=invitee).exists()


def test_inviting_an_unknown_company_is_a_400(api_client_for, vendor_admin):
    response = api_client_for(vendor_admin).post(
        CONNECTIONS, {"partner_account": 999999}, format="json"
    )

    assert response.status_code == 400
    assert "partner_account" in response.json()["error"]["fields"]
    assert not Connection.objects.exists()


def test_the_partner_admin_disables_their_connection(api_client_for, partner_admin, connection):
    response = api_client_for(partner_admin).post(url(connection, "disable"))

    assert response.status_code == 200
    assert response.json()["status"] == "Disabled"
    assert status_of(connection) == ConnectionStatus.DISABLED


def test_disabling_a_disabled_connection_is_a_conflict(api_client_for, vendor_admin, connection):
    client = api_client_for(vendor_admin)
    client.post(url(connection, "disable"))

    response = client.post(url(connection, "disable"))

    assert response.status_code == 409
    assert "is disabled" in response.json()["error"]["message"]


def test_a_partner_admin_cannot_touch_another_companys_connection(
    api_client_for, partner_admin, connection, other_connection
):
    client = api_client_for(partner_admin)
    for action in ("disable", "reconnect", "test"):
        assert client.post(url(other_connection, action)).status_code == 404
    assert status_of(other_connection) == ConnectionStatus.ENABLED


def test_a_partner_user_who_is_not_admin_cannot_disable(api_client_for, exporter, connection):
    response = api_client_for(exporter).post(url(connection, "disable"))

    assert response.status_code == 403
    assert status_of(connection) == ConnectionStatus.ENABLED


def test_vendor_staff_who_may_only_view_cannot_disable(api_client_for, connection):
    viewer = StaffFactory.create()
    viewer.user_permissions.set(Permission.objects.filter(codename="view_connection"))
    response = api_client_for(viewer).post(url(connection, "disable"))

    assert response.status_code == 403
    assert status_of(connection) == ConnectionStatus.ENABLED


def test_the_partner_admin_reconnects_after_a_green_test(
    api_client_for, partner_admin, org_connection, django_capture_on_commit_callbacks
):
    client = api_client_for(partner_admin)
    client.post(url(org_connection, "disable"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(org_connection, "reconnect"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "Enabled"
    assert status_of(org_connection) == ConnectionStatus.ENABLED


def test_reconnecting_an_enabled_connection_is_a_conflict(
    api_client_for, partner_admin, connection
):
    response = api_client_for(partner_admin).post(url(connection, "reconnect"))

    assert response.status_code == 409
    assert status_of(connection) == ConnectionStatus.ENABLED


def test_delete_needs_the_company_name_typed_exactly(api_client_for, vendor_admin, connection):
    lead = LeadFactory.create()
    exported(lead, connection)
    response = api_client_for(vendor_admin).post(
        url(connection, "delete"), {"confirm_text": "acme partners"}, format="json"
    )

    assert response.status_code == 400
    assert 'Type the company name "Acme Partners" exactly' in response.json()["error"]["message"]
    assert Connection.objects.filter(pk=connection.pk).exists()
    assert RecordMap.objects.count() == 1


def test_a_vendor_admin_deletes_a_connection_and_its_record_maps(
    api_client_for, vendor_admin, connection
):
    exported(LeadFactory.create(), connection)
    response = api_client_for(vendor_admin).post(
        url(connection, "delete"), {"confirm_text": "Acme Partners"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"deleted": "Acme Partners"}
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert not RecordMap.objects.exists()


def test_a_partner_admin_cannot_delete(api_client_for, partner_admin, connection):
    response = api_client_for(partner_admin).post(
        url(connection, "delete"), {"confirm_text": "Acme Partners"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Only vendor admins may delete a connection."
    assert Connection.objects.filter(pk=connection.pk).exists()


def test_the_partner_admin_tests_the_connection_against_the_org(
    api_client_for, partner_admin, org_connection
):
    response = api_client_for(partner_admin).post(url(org_connection, "test"))

    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["ok"] is True
    assert report["checks"][0]["name"] == "Token"
    last = api_client_for(partner_admin).get(url(org_connection)).json()["last_test"]
    assert last == report


def test_only_the_companys_partner_admin_may_run_test_connection(
    api_client_for, vendor_admin, org_connection
):
    response = api_client_for(vendor_admin).post(url(org_connection, "test"))

    assert response.status_code == 403
    org_connection.refresh_from_db()
    assert org_connection.last_tested_at is None


def test_the_partner_admin_saves_credentials_and_the_secret_is_never_echoed(
    api_client_for, partner_admin, connection
):
    response = api_client_for(partner_admin).post(
        url(connection, "credentials"),
        {
            "my_domain": "https://acme.my.salesforce.com/",
            "client_id": "id-1",
            "client_secret": "n3w",
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["my_domain"], body["client_id"], body["status"]) == (
        "acme.my.salesforce.com",
        "id-1",
        "Pending",
    )
    assert "n3w" not in response.content.decode()
    connection.refresh_from_db()
    assert secret_decrypt(connection.client_secret_encrypted) == "n3w"


def test_credentials_with_a_bad_domain_are_a_400_and_change_nothing(
    api_client_for, partner_admin, connection
):
    before = connection.client_secret_encrypted
    response = api_client_for(partner_admin).post(
        url(connection, "credentials"),
        {"my_domain": "not a domain", "client_id": "id-1", "client_secret": "x"},
        format="json",
    )

    assert response.status_code == 400
    connection.refresh_from_db()
    assert (connection.client_secret_encrypted, connection.status) == (before, "Enabled")


def test_a_vendor_admin_cannot_rotate_the_partners_secret(api_client_for, vendor_admin, connection):
    response = api_client_for(vendor_admin).post(
        url(connection, "rotate-secret"), {"client_secret": "mine"}, format="json"
    )

    assert response.status_code == 403
    connection.refresh_from_db()
    assert secret_decrypt(connection.client_secret_encrypted) == "s3cret"


def test_the_partner_admin_rotates_the_secret(api_client_for, partner_admin, connection):
    response = api_client_for(partner_admin).post(
        url(connection, "rotate-secret"), {"client_secret": "rotated"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["credentials_ok"] is False
    connection.refresh_from_db()
    assert secret_decrypt(connection.client_secret_encrypted) == "rotated"
