"""Connections: invite, credentials, secret rotation, Test connection, status and errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import PartnerAccount, User
from accounts.selectors import partner_admin_require, partner_admins, vendor_admin_require
from core.audit import audit_changes
from salesforce import OrgCredentials, SalesforceClient, my_domain_normalise
from sync.crypto import SecretUnreadable, secret_decrypt, secret_encrypt
from sync.errors import ActionNotPermitted, ConnectionInvalid
from sync.models import Connection, ConnectionStatus, MappingState, ObjectMapping
from sync.services.connections.checks import TestReport, checks_run
from sync.services.updates.common import updates_schedule_sync

_FROZEN = (ConnectionStatus.DISABLED, ConnectionStatus.ERROR)


def partner_admin_check(actor: User | None, partner_account: PartnerAccount) -> None:
    """Refuse unless the actor may set up the company's connection (or is the system).

    That is the *Establish an Approved PRM External Integration* capability, which every
    partner admin of the company holds (the flag takes a PRM seat).
    """
    partner_admin_require(
        actor,
        partner_account,
        message=f"Only a partner admin of {partner_account} holding a PRM seat (Establish an "
        "Approved PRM External Integration) may set up its Salesforce connection.",
        error=ActionNotPermitted,
    )


def _lock(connection: Connection) -> Connection:
    return (
        Connection.objects.select_for_update(of=("self",))
        .select_related("partner_account")
        .get(pk=connection.pk)
    )


@transaction.atomic
def connection_invite(
    *, actor: User | None, partner_account: PartnerAccount, notify: bool = True
) -> Connection:
    """Open (or reuse) the company's Pending connection and email its partner admins the link.

    No email goes to a company whose connection is already Enabled, nor with ``notify=False``
    (the demo, which sets the connection up itself at once).
    """
    vendor_admin_require(
        actor, "sync.change_connection", what="invite partners to connect", error=ActionNotPermitted
    )
    account = PartnerAccount.objects.select_for_update().get(pk=partner_account.pk)
    if not account.is_active:
        raise ConnectionInvalid(f"{account} is inactive; activate it before inviting it.")
    if not partner_admins(account):
        raise ConnectionInvalid(
            f"{account} has no active partner admin to set up the connection; invite a partner "
            "admin first (the role takes a PRM seat)."
        )
    connection, _ = Connection.objects.get_or_create(partner_account=account)
    connection.invited_by = actor
    connection.invited_at = timezone.now()
    connection.save(update_fields=["invited_by", "invited_at", "updated_at"])
    if notify and connection.status != ConnectionStatus.ENABLED:
        pk = connection.pk
        transaction.on_commit(lambda: connection_invite_email_send(connection_id=pk))
    return connection


def my_domain_normalize(value: str) -> str:
    """The bare My Domain host of ``value`` (a host or URL), or refuse it."""
    try:
        return my_domain_normalise(value)
    except ValueError as error:
        raise ConnectionInvalid(str(error)) from None


@transaction.atomic
def connection_credentials_save(
    *,
    actor: User | None,
    connection: Connection,
    my_domain: str,
    client_id: str,
    client_secret: str,
) -> Connection:
    """Store the org's My Domain, client id and (encrypted) secret; they must test again.

    An empty ``client_secret`` keeps the stored one.
    """
    locked = _lock(connection)
    partner_admin_check(actor, locked.partner_account)
    host = my_domain_normalize(my_domain)
    client_id = client_id.strip()
    if not client_id:
        raise ConnectionInvalid("Enter the client id (consumer key) of the External Client App.")
    if not client_secret.strip() and not locked.client_secret_encrypted:
        raise ConnectionInvalid("Enter the client secret (consumer secret) of the app.")
    locked.my_domain = host
    locked.client_id = client_id
    if client_secret.strip():
        locked.client_secret_encrypted = secret_encrypt(client_secret.strip())
        locked.secret_rotated_at = timezone.now()
    locked.configured_by = actor
    _credentials_changed(locked)
    return locked


@transaction.atomic
def connection_secret_rotate(
    *, actor: User | None, connection: Connection, client_secret: str
) -> Connection:
    """Replace the stored client secret; the connection must test again."""
    locked = _lock(connection)
    partner_admin_check(actor, locked.partner_account)
    if not client_secret.strip():
        raise ConnectionInvalid("Enter the new client secret.")
    locked.client_secret_encrypted = secret_encrypt(client_secret.strip())
    locked.secret_rotated_at = timezone.now()
    locked.configured_by = actor
    _credentials_changed(locked)
    return locked


def _credentials_changed(connection: Connection) -> None:
    """Untested credentials: not ok, and an Enabled connection goes back to Pending."""
    connection.credentials_ok = False
    if connection.status == ConnectionStatus.ENABLED:
        connection.status = ConnectionStatus.PENDING
    connection.save()


def connection_client(connection: Connection) -> SalesforceClient:
    """A Salesforce client logged in (lazily) with the connection's stored credentials."""
    if not (connection.my_domain and connection.client_id and connection.client_secret_encrypted):
        raise ConnectionInvalid(
            "Enter the org's My Domain, client id and client secret, then test the connection."
        )
    try:
        secret = secret_decrypt(connection.client_secret_encrypted)
    except SecretUnreadable as error:
        raise ConnectionInvalid(str(error)) from None
    return SalesforceClient(OrgCredentials(connection.my_domain, connection.client_id, secret))


def connection_test(*, actor: User | None, connection: Connection) -> TestReport:
    """Run every check against the org, store the report and refresh the status.

    A passing test of a connection in Error reconnects it (back to Pending, then refreshed).
    """
    partner_admin_check(actor, connection.partner_account)
    return connection_checks_store(connection=connection)


def connection_checks_store(*, connection: Connection) -> TestReport:
    """Run every check against the org, store the report and refresh the status (no actor)."""
    client = connection_client(connection)
    # The checks call the org over HTTP, so they run before the row is locked.
    try:
        report = checks_run(client, connection)
    finally:
        client.close()
    with transaction.atomic():
        locked = _lock(connection)
        locked.last_test_result = report.as_json()
        locked.last_tested_at = timezone.now()
        locked.credentials_ok = report.ok
        if report.integration_user_id:
            locked.integration_user_id = report.integration_user_id
        if report.ok and locked.status == ConnectionStatus.ERROR:
            locked.status = ConnectionStatus.PENDING
            locked.last_error = ""
            locked.error_at = None
        locked.save()
        connection_status_refresh(locked)
    connection.refresh_from_db()
    return report


def connection_status_refresh(connection: Connection) -> Connection:
    """Pending or Enabled from credentials and active mappings; Disabled and Error stay."""
    if connection.status in _FROZEN:
        return connection
    active = ObjectMapping.objects.filter(connection=connection, state=MappingState.ACTIVE)
    status = (
        ConnectionStatus.ENABLED
        if connection.credentials_ok and active.exists()
        else ConnectionStatus.PENDING
    )
    if status != connection.status:
        updated = (
            Connection.objects.filter(pk=connection.pk)
            .exclude(status__in=_FROZEN)
            .update(status=status, updated_at=timezone.now())
        )
        if updated:
            # A queryset update passes no signal the audit log hears, so it is recorded here.
            audit_changes(instance=connection, changes={"status": [connection.status, status]})
            # Nor does the two-way update schedule follow it by itself.
            enabled = status == ConnectionStatus.ENABLED
            updates_schedule_sync(connection_id=connection.pk, enabled=enabled)
        connection.status = status
    return connection


@transaction.atomic
def connection_mark_error(*, connection: Connection, message: str) -> Connection:
    """Put the connection in Error and email the admins, once per error episode."""
    locked = _lock(connection)
    if locked.status == ConnectionStatus.ERROR:
        return locked
    locked.status = ConnectionStatus.ERROR
    locked.credentials_ok = False
    locked.last_error = message
    locked.error_at = timezone.now()
    locked.save()
    pk = locked.pk
    transaction.on_commit(lambda: connection_error_email_send(connection_id=pk))
    return locked


def setup_link() -> str:
    """The absolute URL of the partner site's connection setup page."""
    return f"{settings.SITE_URL}{reverse('sync:connect-setup')}"


def report_link() -> str:
    """The absolute URL of the partner site's status report."""
    return f"{settings.SITE_URL}{reverse('sync:report-list')}"


def send_email(template: str, context: dict[str, Any], to: list[str]) -> None:
    """Send one email built from ``emails/<template>.{txt,html}`` and its subject template."""
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()


def connection_invite_email_send(*, connection_id: int) -> None:
    """Email every active partner admin of the company the setup link."""
    connection = Connection.objects.select_related("partner_account", "invited_by").get(
        pk=connection_id
    )
    admins = partner_admins(connection.partner_account)
    if not admins:
        return
    context = {"connection": connection, "inviter": connection.invited_by, "link": setup_link()}
    send_email("connection_invite", context, [user.email for user in admins])


def error_recipients(connection: Connection) -> list[str]:
    """Partner admins, the vendor admin who invited and the channel manager, once each."""
    staff = [connection.invited_by, connection.partner_account.channel_manager]
    people = partner_admins(connection.partner_account) + [
        u for u in staff if u is not None and u.is_active
    ]
    return list(dict.fromkeys(user.email for user in people))


def connection_error_email_send(*, connection_id: int) -> None:
    """Tell the admins the connection is in Error, why, and how to reconnect."""
    connection = Connection.objects.select_related(
        "partner_account", "partner_account__channel_manager", "invited_by"
    ).get(pk=connection_id)
    recipients = error_recipients(connection)
    if not recipients or connection.status != ConnectionStatus.ERROR:
        return
    send_email("connection_error", {"connection": connection, "link": setup_link()}, recipients)
