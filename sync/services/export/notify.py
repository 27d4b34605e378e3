"""The partner admins' email after an export job with failures."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from accounts.selectors import partner_admins
from sync.models import ExportJob, ExportJobItem, ItemStatus, OutboundStatus
from sync.selectors.export import record_links
from sync.services.connections.setup import report_link
from sync.services.export.chunk import record_id_of
from sync.services.export.status import advice_for

# Longer lists are left to the job page.
MAX_LISTED = 50


@dataclass(frozen=True)
class FailedRow:
    order: int
    record: str
    status: str
    code: str
    message: str
    advice: str


def _rows(job: ExportJob, items: list[ExportJobItem], reader: User) -> list[FailedRow]:
    ids = [record_id_of(item.record_map) for item in items]
    links = record_links(reader, job.object_type, ids)
    noun = job.get_object_type_display()
    rows = []
    for item, pk in zip(items, ids, strict=True):
        # A record the admin cannot see is named by its id only, so no name leaks.
        name = links[pk][0] if pk in links else f"{noun} {pk}"
        status = item.outbound_status or OutboundStatus.EXPORT_PUBLISH_UNKNOWN_ERROR
        rows.append(
            FailedRow(
                item.order,
                name,
                status,
                item.error_code,
                item.error_message,
                advice_for(status, code=item.error_code, fields=item.error_fields),
            )
        )
    return rows


def export_failed_email_send(*, job_id: int) -> None:
    """Email each partner admin of the company the job's counts and failed records."""
    job = ExportJob.objects.select_related("connection__partner_account", "actor").get(pk=job_id)
    admins = partner_admins(job.connection.partner_account)
    if not job.failed or not admins:
        return
    items = list(
        job.items.filter(status=ItemStatus.FAILED)
        .select_related("record_map")
        .order_by("order")[:MAX_LISTED]
    )
    link = settings.SITE_URL + reverse("sync:export-job", args=[job.batch_id])
    for admin in admins:
        context = {
            "job": job,
            "rows": _rows(job, items, admin),
            "more": job.failed - len(items),
            "link": link,
            "report_link": report_link(),
        }
        subject = render_to_string("emails/export_failed_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("emails/export_failed.txt", context),
            to=[admin.email],
        )
        message.attach_alternative(
            render_to_string("emails/export_failed.html", context), "text/html"
        )
        message.send()
