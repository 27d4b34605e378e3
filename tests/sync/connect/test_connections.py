"""Connection services: invite, credentials, secret rotation, status and the Error episode."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import PartnerRole
from accounts.services.memberships import (
    membership_update,
    partner_account_set_active,
    partner_account_update,
)
from sync.crypto import secret_decrypt
from sync.errors import ActionNotPermitted, ConnectionInvalid
from sync.models import Connection, ConnectionStatus, MappingState
from sync.services.connections.setup import (
    connection_credentials_save,
    connection_invite,
    connection_mark_error,
    connection_secret_rotate,
    connection_status_refresh,
)
from tests.factories import PartnerAccountFactory, StaffFactory
from tests.factories.sync import ConnectionFactory, standard_mapping

pytestmark = pytest.mark.django_db

SETUP_URL = "http://localhost:8000/connect/"


def _snapshot(connection: Connection) -> dict:
    connection.refresh_from_db()
    return {
        f.attname: getattr(connection, f.attname)
        for f in Connection._meta.concrete_fields
        if f.name != "updated_at"
    }


@pytest.fixture
def invite(vendor_admin, django_capture_on_commit_callbacks):
    def run(partner_account):
        with django_capture_on_commit_callbacks(execute=True):
            return connection_invite(actor=vendor_admin, partner_account=partner_account)

    return run


def test_invite_opens_a_pending_connection_and_emails_every_active_partner_admin(
    invite, vendor_admin, company, partner_admin, member, mailoutbox
):
    second = member(company, PartnerRole.MANAGER, is_partner_admin=True)
    member(company, PartnerRole.USER, can_export=True)
    retired = member(company, PartnerRole.USER, is_partner_admin=True)
    membership_update(actor=None, membership=retired, is_active=False)

    connection = invite(company)

    assert connection.status == ConnectionStatus.PENDING
    assert connection.invited_by == vendor_admin
    assert connection.invited_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted([partner_admin.user.email, second.user.email])
    assert mail.subject == (
        "[Partner Portal] Connect Acme Partners's Salesforce org to the partner portal"
    )
    assert SETUP_URL in mail.body
    assert "Vera" in mail.body and "Vendor_Record_Id__c" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SETUP_URL}"' in html


def test_inviting_again_reuses_the_connection_and_sends_the_link_again(
    invite, company, partner_admin, mailoutbox
):
    first = invite(company)
    second = invite(company)
    assert first.pk == second.pk
    assert Connection.objects.count() == 1
    assert len(mailoutbox) == 2


def test_invite_is_refused_when_the_company_has_no_active_partner_admin(
    invite, plenty_of_seats, member, mailoutbox
):
    lonely = PartnerAccountFactory.create(name="Lonely Ltd")
    member(lonely, PartnerRole.USER, can_export=True)
    with pytest.raises(ConnectionInvalid) as refused:
        invite(lonely)
    assert refused.value.message == (
        "Lonely Ltd has no active partner admin to set up the connection; invite a partner "
        "admin first (the role takes a PRM seat)."
    )
    assert not Connection.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("who", ["partner", "staff_without_permission"])
def test_only_vendor_admins_may_invite(who, company, partner_admin, mailoutbox):
    actor = {
        "partner": partner_admin.user,
        "staff_without_permission": StaffFactory.create(),
    }[who]
    with pytest.raises(ActionNotPermitted) as refused:
        connection_invite(actor=actor, partner_account=company)
    assert refused.value.message == "Only vendor admins may invite partners to connect."
    assert not Connection.objects.exists()
    assert mailoutbox == []


def test_the_system_may_invite_as_every_service_lets_actor_none(
    company, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        connection = connection_invite(actor=None, partner_account=company)
    assert connection.invited_by is None
    assert [m.to for m in mailoutbox] == [[partner_admin.user.email]]


def test_saving_credentials_normalises_my_domain_and_encrypts_the_secret(connection, partner_admin):
    saved = connection_credentials_save(
        actor=partner_admin.user,
        connection=connection,
        my_domain=" https://Acme-Dev.My.Salesforce.com/ ",
        client_id=" 3MVG9-client ",
        client_secret="very-secret-value",
    )
    saved.refresh_from_db()
    assert saved.my_domain == "acme-dev.my.salesforce.com"
    assert saved.client_id == "3MVG9-client"
    assert saved.configured_by == partner_admin.user
    assert "very-secret-value" not in saved.client_secret_encrypted
    assert secret_decrypt(saved.client_secret_encrypted) == "very-secret-value"
    assert saved.secret_rotated_at is not None


def test_lightning_host_is_taken_as_the_my_domain(connection, partner_admin):
    saved = connection_credentials_save(
        actor=partner_admin.user,
        connection=connection,
        my_domain="https://acme.lightning.force.com/lightning/page/home",
        client_id="id",
        client_secret="secret",
    )
    assert saved.my_domain == "acme.my.salesforce.com"


def test_new_credentials_must_test_again_so_an_enabled_connection_goes_back_to_pending(
    company, partner_admin
):
    connection = ConnectionFactory.create(
        partner_account=company, status=ConnectionStatus.ENABLED, credentials_ok=True
    )
    saved = connection_credentials_save(
        actor=partner_admin.user,
        connection=connection,
        my_domain=connection.my_domain,
        client_id="new-client",
        client_secret="",
    )
    saved.refresh_from_db()
    assert saved.status == ConnectionStatus.PENDING
    assert saved.credentials_ok is False
    # An empty secret keeps the stored one.
    assert secret_decrypt(saved.client_secret_encrypted) == "s3cret"


@pytest.mark.parametrize(
    "domain",
    ["login.salesforce.com", "acme.example.com", "", "acme.my.salesforce.com.evil.example"],
)
def test_a_host_that_is_not_a_my_domain_is_refused_and_nothing_changes(
    domain, connection, partner_admin
):
    before = _snapshot(connection)
    with pytest.raises(ConnectionInvalid):
        connection_credentials_save(
            actor=partner_admin.user,
            connection=connection,
            my_domain=domain,
            client_id="id",
            client_secret="secret",
        )
    assert _snapshot(connection) == before


def test_a_first_save_without_a_secret_is_refused(connection, partner_admin):
    before = _snapshot(connection)
    with pytest.raises(ConnectionInvalid) as refused:
        connection_credentials_save(
            actor=partner_admin.user,
            connection=connection,
            my_domain="acme.my.salesforce.com",
            client_id="id",
            client_secret="  ",
        )
    assert "client secret" in refused.value.message
    assert _snapshot(connection) == before


@pytest.fixture
def outsider(request, company, member, partner_admin, vendor_admin):
    """Someone who is not a seat-holding partner admin of the company."""
    kind = request.param
    if kind == "member":
        return member(company, PartnerRole.EXECUTIVE, can_export=True).user
    if kind == "other_company_admin":
        return member(PartnerAccountFactory.create(), is_partner_admin=True).user
    if kind == "inactive_admin":
        admin = member(company, PartnerRole.MANAGER, is_partner_admin=True)
        return membership_update(actor=None, membership=admin, is_active=False).user
    if kind == "vendor_admin":
        return vendor_admin
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "outsider", ["member", "other_company_admin", "inactive_admin", "vendor_admin"], indirect=True
)
def test_only_a_seat_holding_partner_admin_of_the_company_saves_credentials(outsider, connection):
    before = _snapshot(connection)
    with pytest.raises(ActionNotPermitted) as refused:
        connection_credentials_save(
            actor=outsider,
            connection=connection,
            my_domain="acme.my.salesforce.com",
            client_id="id",
            client_secret="secret",
        )
    assert refused.value.message.startswith(
        "Only a partner admin of Acme Partners holding a PRM seat"
    )
    assert _snapshot(connection) == before


def test_a_partner_admin_of_an_inactive_company_holds_no_seat_and_is_refused(
    connection, partner_admin
):
    partner_account_set_active(actor=None, account=connection.partner_account, is_active=False)
    connection.partner_account.refresh_from_db()
    before = _snapshot(connection)
    with pytest.raises(ActionNotPermitted):
        connection_secret_rotate(
            actor=partner_admin.user, connection=connection, client_secret="new"
        )
    assert _snapshot(connection) == before


def test_rotating_the_secret_replaces_it_and_the_connection_must_test_again(company, partner_admin):
    connection = ConnectionFactory.create(
        partner_account=company, status=ConnectionStatus.ENABLED, credentials_ok=True
    )
    rotated = connection_secret_rotate(
        actor=partner_admin.user, connection=connection, client_secret="rotated-secret"
    )
    rotated.refresh_from_db()
    assert secret_decrypt(rotated.client_secret_encrypted) == "rotated-secret"
    assert rotated.secret_rotated_at is not None
    assert rotated.credentials_ok is False
    assert rotated.status == ConnectionStatus.PENDING


def test_rotating_to_an_empty_secret_is_refused(connection, partner_admin):
    before = _snapshot(connection)
    with pytest.raises(ConnectionInvalid):
        connection_secret_rotate(actor=partner_admin.user, connection=connection, client_secret="")
    assert _snapshot(connection) == before


def test_status_is_enabled_only_with_green_credentials_and_an_active_mapping(company):
    connection = ConnectionFactory.create(partner_account=company, credentials_ok=True)
    assert connection_status_refresh(connection).status == ConnectionStatus.PENDING
    mapping = standard_mapping(connection, "Lead")
    connection_status_refresh(connection)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ENABLED
    mapping.state = MappingState.SELECTED
    mapping.save()
    connection_status_refresh(connection)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING


@pytest.mark.parametrize("frozen", [ConnectionStatus.DISABLED, ConnectionStatus.ERROR])
def test_status_refresh_never_leaves_disabled_or_error(frozen, company):
    connection = ConnectionFactory.create(
        partner_account=company, status=frozen, credentials_ok=True
    )
    standard_mapping(connection, "Lead")
    connection_status_refresh(connection)
    connection.refresh_from_db()
    assert connection.status == frozen


@pytest.fixture
def mark_error(django_capture_on_commit_callbacks):
    def run(connection, message):
        with django_capture_on_commit_callbacks(execute=True):
            return connection_mark_error(connection=connection, message=message)

    return run


def test_an_error_emails_partner_admins_the_inviting_admin_and_the_channel_manager_once(
    mark_error, company, partner_admin, vendor_admin, mailoutbox
):
    manager = StaffFactory.create(email="channel.manager@vendor.example.com")
    partner_account_update(actor=None, account=company, channel_manager=manager)
    connection = ConnectionFactory.create(
        partner_account=company,
        status=ConnectionStatus.ENABLED,
        credentials_ok=True,
        invited_by=vendor_admin,
    )
    before = timezone.now()

    failed = mark_error(connection, "Salesforce refused the client id and secret: invalid_client.")

    failed.refresh_from_db()
    assert failed.status == ConnectionStatus.ERROR
    assert failed.credentials_ok is False
    assert failed.last_error == "Salesforce refused the client id and secret: invalid_client."
    assert failed.error_at >= before
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == sorted(
        [partner_admin.user.email, vendor_admin.email, "channel.manager@vendor.example.com"]
    )
    assert mail.subject == (
        "[Partner Portal] The Salesforce connection of Acme Partners stopped: reconnect it"
    )
    assert "invalid_client" in mail.body and SETUP_URL in mail.body
    assert "invalid_client" in mail.alternatives[0][0]
    for body in (mail.body, mail.alternatives[0][0]):
        assert "Exports and two-way updates stop until it is reconnected" in body

    mark_error(failed, "Salesforce refused the session again.")
    failed.refresh_from_db()
    assert len(mailoutbox) == 1
    assert failed.last_error == "Salesforce refused the client id and secret: invalid_client."
