"""The partner admins' email after an export job with failures."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from accounts.models import PartnerRole
from portal.models import LeadStatus
from portal.services.sharing import share_grant
from sync.models import FieldMapping, ObjectType
from sync.tasks import export_job_run
from tests.factories import LeadFactory, PartnerAccountFactory
from tests.helpers.export import export_and_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def bogus_status(org_connection):
    """The partner maps Open leads to a status their org refuses."""
    FieldMapping.objects.filter(
        object_mapping__connection=org_connection, field_name="status"
    ).update(picklist_map={LeadStatus.OPEN: "Bogus"})


def test_admins_get_counts_each_failed_record_with_message_and_advice_and_the_link(
    org,
    org_connection,
    exporter,
    partner_admin,
    bogus_status,
    django_capture_on_commit_callbacks,
    settings,
):
    good = LeadFactory.create(owner=exporter, status=LeadStatus.WORKING)
    bad = LeadFactory.create(owner=exporter, status=LeadStatus.OPEN, last_name="Refused")
    job = export_and_run(
        django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [good.pk, bad.pk]
    )
    (message,) = mail.outbox
    assert message.to == [partner_admin.email]
    assert message.subject == "[Partner Portal] Export of 2 leads: 1 failed"
    text = message.body
    assert isinstance(message, EmailMultiAlternatives)
    content, kind = message.alternatives[0]
    assert kind == "text/html"
    html = str(content)
    link = settings.SITE_URL + reverse("sync:export-job", args=[job.batch_id])
    for body in (text, html):
        assert str(bad) in body
        assert str(good) not in body
        assert "ExportSubscribeFieldMapError" in body
        assert "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST" in body
        assert "Bogus" in body
        assert "fix the mapping or the owner, then re-export" in body
        assert link in body
    assert "Records: 2\nExported: 1\nUnchanged (skipped): 0\nFailed: 1" in text
    assert f"Started by: {exporter}" in text


def test_the_email_is_sent_once_per_job(
    org, org_connection, exporter, partner_admin, bogus_status, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(owner=exporter, status=LeadStatus.OPEN)
    job = export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    with django_capture_on_commit_callbacks(execute=True):
        export_job_run(job.pk)
    assert len(mail.outbox) == 1


def test_no_email_when_nothing_failed(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(owner=exporter)
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert mail.outbox == []


def test_every_admin_of_the_company_and_no_one_else_gets_it(
    org,
    org_connection,
    exporter,
    partner_admin,
    bogus_status,
    member,
    company,
    django_capture_on_commit_callbacks,
):
    second = member(company, PartnerRole.MANAGER, is_partner_admin=True).user
    member(PartnerAccountFactory.create(), is_partner_admin=True)
    lead = LeadFactory.create(owner=exporter, status=LeadStatus.OPEN)
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [lead.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([partner_admin.email, second.email])
    assert exporter.email not in {m.to[0] for m in mail.outbox}


def test_a_record_the_admin_cannot_see_is_named_by_its_id_only(
    org, org_connection, exporter, partner_admin, bogus_status, django_capture_on_commit_callbacks
):
    shared = LeadFactory.create(status=LeadStatus.OPEN, last_name="Confidential")
    share_grant(actor=None, records=[shared], level="read", user=exporter)
    export_and_run(django_capture_on_commit_callbacks, exporter, ObjectType.LEAD, [shared.pk])
    (message,) = mail.outbox
    assert "Confidential" not in message.body
    assert f"Lead {shared.pk}" in message.body
