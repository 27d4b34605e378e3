"""Disable, reconnect and delete from Django admin; the default delete never bypasses them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sync.models import Connection, ConnectionStatus, RecordMap

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:sync_connection_changelist"


@pytest.fixture
def admin_client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _act(client, action: str, connection: Connection):
    data = {"action": action, "_selected_action": [connection.pk]}
    return client.post(reverse(CHANGELIST), data, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_disable_action_disables_the_connection(admin_client_of, vendor_admin, org_connection):
    response = _act(admin_client_of(vendor_admin), "disable", org_connection)

    assert _messages(response) == ["Disabled: 1 row."]
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.DISABLED


def test_reconnect_action_enables_it_again(
    admin_client_of, vendor_admin, org_connection, django_capture_on_commit_callbacks
):
    client = admin_client_of(vendor_admin)
    _act(client, "disable", org_connection)
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(client, "reconnect", org_connection)

    assert _messages(response) == ["Reconnected: 1 row."]
    org_connection.refresh_from_db()
    assert org_connection.status == ConnectionStatus.ENABLED


def test_the_default_admin_delete_is_refused(admin_client_of, vendor_admin, org_connection):
    url = reverse("admin:sync_connection_delete", args=[org_connection.pk])
    response = admin_client_of(vendor_admin).post(url, {"post": "yes"})

    assert response.status_code == 403
    assert Connection.objects.filter(pk=org_connection.pk).exists()


def test_delete_page_needs_the_typed_company_name(
    admin_client_of, vendor_admin, org_connection, exported_leads
):
    exported_leads(1)
    client = admin_client_of(vendor_admin)
    url = reverse("admin:sync_connection_remove", args=[org_connection.pk])
    name = org_connection.partner_account.name
    change = client.get(reverse("admin:sync_connection_change", args=[org_connection.pk]))
    assert url in change.content.decode()
    assert f"<strong>{name}</strong>" in client.get(url).content.decode()

    wrong = client.post(url, {"confirm_text": name.lower()})
    assert wrong.status_code == 400
    assert "exactly" in wrong.content.decode()
    assert RecordMap.objects.count() == 1

    done = client.post(url, {"confirm_text": name}, follow=True)
    assert _messages(done) == [f"The connection of {name} was deleted."]
    assert not Connection.objects.exists()
    assert not RecordMap.objects.exists()


def test_staff_without_the_delete_permission_cannot_delete(
    admin_client_of, vendor_admin, org_connection
):
    vendor_admin.user_permissions.remove(
        *vendor_admin.user_permissions.filter(codename="delete_connection")
    )
    client = admin_client_of(vendor_admin)
    url = reverse("admin:sync_connection_remove", args=[org_connection.pk])
    change = client.get(reverse("admin:sync_connection_change", args=[org_connection.pk]))
    assert url not in change.content.decode()

    response = client.post(url, {"confirm_text": org_connection.partner_account.name})

    assert response.status_code == 400
    assert "Only vendor admins may delete a connection." in response.content.decode()
    assert Connection.objects.filter(pk=org_connection.pk).exists()
