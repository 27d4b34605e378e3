"""Export pages: confirm and start an export, a job's progress and results, my exports."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import partner_admin_membership
from core.errors import DomainError, NotFound
from portal.kinds import UnknownKind
from portal.views.common import user_of
from sync.kinds import sync_kind_for_slug
from sync.models import ExportJob, ExportJobItem, JobStatus, ObjectType
from sync.selectors.export import job_visible_get, jobs_visible_to, record_links
from sync.services.export.chunk import record_id_of
from sync.services.export.start import UNFINISHED_JOB_STATUSES, export_preview, export_start
from sync.services.export.status import advice_for

ITEMS_PER_PAGE = 100
CONFIRM_RECORDS_SHOWN = 50
# htmx stops polling an element whose answer has this status (and still swaps it in).
STOP_POLLING = 286
JOBS_PER_PAGE = 50


def _object_type(object_type: str) -> ObjectType:
    try:
        return sync_kind_for_slug(object_type).object_type
    except UnknownKind:
        raise Http404("Not found.") from None


@login_required
@require_http_methods(["GET", "POST"])
def export_confirm(request: HttpRequest, object_type: str) -> HttpResponse:
    """GET: what the export would send, to confirm. POST: start it and open its job page."""
    kind = _object_type(object_type)
    user = user_of(request)
    params = request.POST if request.method == "POST" else request.GET
    ids = params.getlist("selected")
    try:
        if request.method == "POST":
            job = export_start(actor=user, object_type=kind, record_ids=ids)
            noun = kind.label.lower() + pluralize(job.size)
            messages.success(request, f"Export of {job.size} {noun} started.")
            return redirect("sync:export-job", batch_id=job.batch_id)
        plan = export_preview(actor=user, object_type=kind, record_ids=ids)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"portal:{object_type}-list")
    # The records themselves, by name and linked, up to a page of them.
    shown = plan.record_ids[:CONFIRM_RECORDS_SHOWN]
    links = record_links(user, kind, shown)
    records = [links[pk] for pk in shown if pk in links]
    context = {
        "plan": plan,
        "object_type": object_type,
        "kind": kind,
        "records": records,
        "more": len(plan.record_ids) - len(records),
    }
    return render(request, "sync/export_confirm.html", context)


def _job_or_404(request: HttpRequest, batch_id: uuid.UUID) -> ExportJob:
    try:
        return job_visible_get(user_of(request), batch_id)
    except NotFound:
        raise Http404("Not found.") from None


def _progress_context(job: ExportJob) -> dict[str, Any]:
    return {
        "job": job,
        "unfinished": job.status in UNFINISHED_JOB_STATUSES,
        "waiting": job.status == JobStatus.WAITING,
        "retrying": job.status == JobStatus.RETRYING,
    }


def _advice(item: ExportJobItem) -> str:
    """What to do about a failed item; nothing for one that went through."""
    if not item.error_message:
        return ""
    return advice_for(item.outbound_status, code=item.error_code, fields=item.error_fields)


def _result_rows(request: HttpRequest, job: ExportJob) -> tuple[Any, list[dict[str, Any]]]:
    """One page of the job's items with a link to each record the viewer may see."""
    items = job.items.select_related("record_map").order_by("order")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    ids = [record_id_of(item.record_map) for item in page.object_list]
    links = record_links(user_of(request), job.object_type, ids)
    rows = [
        {
            "item": item,
            "record_id": pk,
            "name": links[pk][0] if pk in links else "",
            "url": links[pk][1] if pk in links else "",
            "advice": _advice(item),
        }
        for item, pk in zip(page.object_list, ids, strict=True)
    ]
    return page, rows


@login_required
@require_GET
def export_job(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """A job: status, live progress, each record's result and the import logs."""
    job = _job_or_404(request, batch_id)
    context = _progress_context(job) | _results_context(request, job)
    return render(request, "sync/export_job.html", context)


def _results_context(request: HttpRequest, job: ExportJob) -> dict[str, Any]:
    page, rows = _result_rows(request, job)
    logs = [(log, json.dumps(log.result, indent=2)) for log in job.import_logs.order_by("chunk")]
    return {"page": page, "rows": rows, "logs": logs}


@login_required
@require_GET
def export_job_progress(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The job's progress, polled while it runs: the progress body, the live region's text, and
    once the job has finished its results, with 286, which tells htmx to stop polling.

    Nothing is reloaded: the page keeps the reader's place and focus, and the one live region
    announces the new text.
    """
    job = _job_or_404(request, batch_id)
    context = _progress_context(job)
    if context["unfinished"]:
        return render(request, "sync/_job_progress_fragment.html", context)
    context |= _results_context(request, job)
    return render(request, "sync/_job_progress_fragment.html", context, status=STOP_POLLING)


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's exports; a partner admin sees the whole company's."""
    jobs = jobs_visible_to(user_of(request)).order_by("-created_at", "-id")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    user = user_of(request)
    # The status report is the partner admin's (setup_connection_or_page); others see no link.
    can_open_report = partner_admin_membership(user) is not None
    context = {"page": page, "can_open_report": can_open_report}
    return render(request, "sync/export_list.html", context)
