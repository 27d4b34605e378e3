"""The demo starts quiet: no "connect your org" email for the connections it enables itself,
and no record reads as changed at the moment the demo was built."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from emulator.server import RunningEmulator
from portal.models import Account, Contact, Lead, Opportunity
from sync.services.connections.setup import connection_invite

pytestmark = pytest.mark.django_db


def test_demo_connect_mails_no_invitation_for_the_connections_it_enables(
    emulator_settings: RunningEmulator, django_capture_on_commit_callbacks: Any
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_connect", stdout=io.StringIO())
    subjects = [message.subject for message in mail.outbox]
    assert not any("connect" in subject.lower() for subject in subjects), subjects


def test_the_demo_records_were_last_changed_when_they_were_made(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    recent = timezone.now() - dt.timedelta(minutes=5)
    for model in (Lead, Opportunity, Account, Contact):
        assert not model.objects.filter(updated_at__gte=recent).exists(), model.__name__
        assert not model.objects.exclude(updated_at=F("created_at")).exists(), model.__name__


def test_inviting_an_enabled_connection_again_mails_nobody(
    connection: Any, partner_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        connection_invite(actor=None, partner_account=connection.partner_account)
    assert mail.outbox == []
