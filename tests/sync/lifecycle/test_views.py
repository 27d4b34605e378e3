"""Disable and reconnect on the partner site: partner admins of the company only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import PartnerRole
from sync.crypto import secret_encrypt
from sync.models import Connection, ConnectionStatus
from tests.factories import PartnerAccountFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("sync:connect-setup")
DISABLE = reverse("sync:connect-disable")
RECONNECT = reverse("sync:connect-reconnect")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _status(connection: Connection) -> str:
    connection.refresh_from_db()
    return connection.status


def test_partner_admin_confirms_then_disables(client, partner_admin, org_connection):
    client.force_login(partner_admin)
    assert DISABLE in client.get(SETUP).content.decode()
    confirm = client.get(DISABLE)
    assert confirm.status_code == 200
    assert "Disable the connection" in confirm.content.decode()
    assert _status(org_connection) == ConnectionStatus.ENABLED

    response = client.post(DISABLE, follow=True)

    assert _messages(response) == [
        "The connection is disabled; nothing is sent or read until you reconnect."
    ]
    assert _status(org_connection) == ConnectionStatus.DISABLED
    assert RECONNECT in response.content.decode()


def test_partner_admin_reconnects(
    client, partner_admin, org_connection, django_capture_on_commit_callbacks
):
    client.force_login(partner_admin)
    client.post(DISABLE, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECONNECT, follow=True)

    assert _messages(response) == ["Reconnected; the connection is Enabled."]
    assert _status(org_connection) == ConnectionStatus.ENABLED


def test_reconnect_with_a_wrong_secret_says_why_and_stays_disabled(
    client, partner_admin, org_connection
):
    client.force_login(partner_admin)
    client.post(DISABLE, follow=True)
    Connection.objects.filter(pk=org_connection.pk).update(
        client_secret_encrypted=secret_encrypt("not-the-secret")
    )

    response = client.post(RECONNECT, follow=True)

    (message,) = _messages(response)
    assert message.startswith("Reconnect failed, the connection stays disabled: ")
    assert _status(org_connection) == ConnectionStatus.DISABLED


def test_a_partner_user_who_is_not_admin_cannot_disable(client, exporter, org_connection):
    client.force_login(exporter)

    assert client.get(DISABLE).status_code == 403
    assert client.post(DISABLE).status_code == 403
    assert _status(org_connection) == ConnectionStatus.ENABLED


def test_another_company_admin_gets_404(client, plenty_of_seats, member, org_connection):
    other = member(PartnerAccountFactory.create(), PartnerRole.EXECUTIVE, is_partner_admin=True)
    client.force_login(other.user)

    assert client.post(DISABLE).status_code == 404
    assert client.post(RECONNECT).status_code == 404
    assert _status(org_connection) == ConnectionStatus.ENABLED
