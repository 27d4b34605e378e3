"""Failure emails: the first at once, later ones gathered into one digest per connection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from emulator.control import org_record_delete
from portal.models import Lead, LeadStatus
from portal.services.records import record_save
from sync.models import (
    FailureNotice,
    FieldMapping,
    NoticeKind,
    ObjectType,
    OutboundStatus,
    RecordMap,
)
from sync.services.failure_notices import digest_schedule_name, failure_notice_add
from sync.services.updates.poll import updates_poll
from sync.services.updates.push import updates_push
from sync.tasks import failure_digest_run
from tests.factories import LeadFactory, StaffFactory
from tests.helpers.export import export_and_run

pytestmark = pytest.mark.django_db


def _parts(message) -> tuple[str, str]:
    assert isinstance(message, EmailMultiAlternatives)
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    return str(message.body), str(html)


def _refuse_open_leads(connection) -> None:
    """The partner maps Open leads to a status their org refuses."""
    FieldMapping.objects.filter(object_mapping__connection=connection, field_name="status").update(
        picklist_map={LeadStatus.OPEN: "Bogus"}
    )


def _failing_export(capture, exporter, last_name: str):
    lead = LeadFactory.create(owner=exporter, status=LeadStatus.OPEN, last_name=last_name)
    return export_and_run(capture, exporter, ObjectType.LEAD, [lead.pk])


def _delete_in_partner_org(org, lead: Lead) -> None:
    record_map = RecordMap.objects.get(lead=lead)
    org_record_delete(org.base_url, host=org.host, sobject="Lead", record_id=record_map.external_id)


def _edit(lead: Lead, **values: object) -> None:
    fresh = Lead.objects.get(pk=lead.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    record_save(actor=None, record=fresh)


def test_a_second_failing_job_within_the_window_waits_for_the_digest(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks, settings
):
    _refuse_open_leads(org_connection)
    first = _failing_export(django_capture_on_commit_callbacks, exporter, "First")
    assert len(mail.outbox) == 1
    assert "Export of 1 lead: 1 failed" in mail.outbox[0].subject

    second = _failing_export(django_capture_on_commit_callbacks, exporter, "Second")
    assert len(mail.outbox) == 1, "the second failure must wait for the digest"
    (schedule,) = Schedule.objects.filter(name=digest_schedule_name(org_connection.pk))
    sent_at = FailureNotice.objects.get(job=first).sent_at
    assert sent_at is not None
    window = timedelta(minutes=settings.FAILURE_EMAIL_DIGEST_MINUTES)
    assert schedule.next_run == sent_at + window
    assert schedule.func == "sync.tasks.failure_digest_run"

    with django_capture_on_commit_callbacks(execute=True):
        assert failure_digest_run(org_connection.pk) == 1
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.to == [partner_admin.email]
    # A lone job in the digest goes out as the job's own email.
    assert digest.subject == "[Partner Portal] Export of 1 lead: 1 failed"
    job_link = settings.SITE_URL + reverse("sync:export-job", args=[second.batch_id])
    report_link = settings.SITE_URL + reverse("sync:report-list")
    for body in _parts(digest):
        assert "Second" in body
        assert "First" not in body
        assert "ExportSubscribeFieldMapError" in body
        assert "Bogus" in body
        assert "fix the mapping or the owner, then re-export" in body
        assert job_link in body
        assert report_link in body
    assert not Schedule.objects.filter(name=digest_schedule_name(org_connection.pk)).exists()


def test_the_digest_gathers_every_pending_failure_into_one_email(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks
):
    _refuse_open_leads(org_connection)
    for name in ("One", "Two", "Three", "Four"):
        _failing_export(django_capture_on_commit_callbacks, exporter, name)
    assert len(mail.outbox) == 1
    assert Schedule.objects.filter(name=digest_schedule_name(org_connection.pk)).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        failure_digest_run(org_connection.pk)
    assert len(mail.outbox) == 2
    text, html = _parts(mail.outbox[1])
    assert "(3 reports)" in mail.outbox[1].subject
    assert "3 failures" in mail.outbox[1].subject
    for body in (text, html):
        assert all(name in body for name in ("Two", "Three", "Four"))
    # Nothing is left to send: a second run of the digest sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert failure_digest_run(org_connection.pk) == 0
    assert len(mail.outbox) == 2


def test_a_failure_after_the_window_is_sent_at_once(
    org, org_connection, exporter, partner_admin, django_capture_on_commit_callbacks, settings
):
    _refuse_open_leads(org_connection)
    _failing_export(django_capture_on_commit_callbacks, exporter, "Early")
    window = timedelta(minutes=settings.FAILURE_EMAIL_DIGEST_MINUTES)
    FailureNotice.objects.update(sent_at=timezone.now() - window - timedelta(seconds=1))

    _failing_export(django_capture_on_commit_callbacks, exporter, "Late")
    assert len(mail.outbox) == 2
    assert "Late" in mail.outbox[1].body
    assert not Schedule.objects.filter(name=digest_schedule_name(org_connection.pk)).exists()


def test_an_update_the_partner_org_refuses_is_emailed_with_its_error_and_advice(
    org, org_connection, partner_admin, exported_leads, django_capture_on_commit_callbacks, settings
):
    (lead,) = exported_leads(1)
    _delete_in_partner_org(org, lead)
    _edit(lead, title="CTO")

    with django_capture_on_commit_callbacks(execute=True):
        report = updates_push(connection_id=org_connection.pk)
    assert report.failed == 1

    (message,) = mail.outbox
    assert message.to == [partner_admin.email]
    assert "1 failure in Partner Connect" in message.subject
    lead_link = settings.SITE_URL + reverse("portal:lead-detail", args=[lead.pk])
    for body in _parts(message):
        assert "Updates sent to the partner org" in body
        assert str(lead) in body
        assert OutboundStatus.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND in body
        assert "Records: 1, failed: 1." in body
        assert "the link is broken" in body.lower()
    assert lead_link in _parts(message)[1]


def test_a_poll_refused_every_minute_sends_one_email_then_one_digest_counting_the_repeats(
    org, org_connection, partner_admin, exported_leads, django_capture_on_commit_callbacks
):
    exported_leads(2)
    FieldMapping.objects.filter(
        object_mapping__connection=org_connection, field_name="title", send_updates=True
    ).update(target_field="Gone_Field__c")
    assert FieldMapping.objects.filter(target_field="Gone_Field__c").exists()

    for _ in range(30):
        with django_capture_on_commit_callbacks(execute=True):
            report = updates_poll(connection_id=org_connection.pk)
        assert report.errors
    assert len(mail.outbox) == 1
    assert "refused the query of the lead update fields" in mail.outbox[0].body
    pending = FailureNotice.objects.get(sent_at__isnull=True)
    assert pending.occurrences == 29
    assert pending.kind == NoticeKind.UPDATE_IN

    with django_capture_on_commit_callbacks(execute=True):
        failure_digest_run(org_connection.pk)
    assert len(mail.outbox) == 2
    for body in _parts(mail.outbox[1]):
        assert "happened 29 times" in body
        assert "Gone_Field__c" in body


def test_without_a_partner_admin_the_vendor_people_hear_of_it_and_no_record_name_leaks(
    org, org_connection, exported_leads, staff, django_capture_on_commit_callbacks
):
    org_connection.invited_by = staff
    org_connection.save()
    (lead,) = exported_leads(1)
    Lead.objects.filter(pk=lead.pk).update(last_name="Hidden")
    _delete_in_partner_org(org, lead)
    _edit(lead, title="CTO")
    with django_capture_on_commit_callbacks(execute=True):
        updates_push(connection_id=org_connection.pk)

    (message,) = mail.outbox
    assert message.to == [staff.email]
    for body in _parts(message):
        assert f"Lead {lead.pk}" in body
        assert "Hidden" not in body


def test_a_notice_for_a_deleted_connection_is_dropped_quietly(db):
    assert failure_notice_add(connection_id=987654, kind=NoticeKind.UPDATE_OUT, failed=1) is None
    assert failure_digest_run(987654) == 0
    assert mail.outbox == []


def test_vendor_admins_read_the_notices_in_admin_and_cannot_change_them(
    client, org, org_connection, partner_admin, exported_leads, django_capture_on_commit_callbacks
):
    (lead,) = exported_leads(1)
    _delete_in_partner_org(org, lead)
    _edit(lead, title="CTO")
    with django_capture_on_commit_callbacks(execute=True):
        updates_push(connection_id=org_connection.pk)
    notice = FailureNotice.objects.get()
    client.force_login(StaffFactory.create(is_superuser=True))

    listing = client.get(
        reverse("admin:sync_failurenotice_changelist"), {"kind": NoticeKind.UPDATE_OUT}
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [notice]
    assert (
        client.get(reverse("admin:sync_failurenotice_change", args=[notice.pk])).status_code == 200
    )
    assert client.get(reverse("admin:sync_failurenotice_add")).status_code == 403
    deleted = client.post(
        reverse("admin:sync_failurenotice_delete", args=[notice.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert FailureNotice.objects.filter(pk=notice.pk).exists()
