"""Partner site pages of the connection: setup, Test connection, secret rotation, mappings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from portal.kinds import UnknownKind
from portal.views.common import user_of
from salesforce import ObjectDescribe
from sync.errors import MappingInvalid
from sync.forms import CredentialsForm, MappingForm, RotateForm
from sync.kinds import SYNC_KINDS, sync_kind_for_slug
from sync.models import Connection, ObjectMapping
from sync.services.connections.checks import TestReport
from sync.services.connections.setup import (
    connection_credentials_save,
    connection_secret_rotate,
    connection_test,
)
from sync.services.mappings.save import mapping_describe, mapping_partner_save
from sync.views.common import setup_connection_or_page


def _mapping_summaries(connection: Connection) -> list[dict[str, Any]]:
    mappings = {m.object_type: m for m in ObjectMapping.objects.filter(connection=connection)}
    return [
        {"object_type": k.object_type, "slug": k.slug, "mapping": mappings.get(k.object_type)}
        for k in SYNC_KINDS
    ]


def _setup_page(
    request: HttpRequest,
    connection: Connection,
    form: CredentialsForm | None = None,
    rotate: RotateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    stored = bool(connection.client_secret_encrypted)
    initial = {"my_domain": connection.my_domain, "client_id": connection.client_id}
    context = {
        "connection": connection,
        "form": form or CredentialsForm(initial=initial, secret_stored=stored),
        "rotate_form": rotate or RotateForm(),
        "secret_stored": stored,
        "report": TestReport.from_json(connection.last_test_result),
        "mappings": _mapping_summaries(connection),
    }
    return render(request, "sync/connect_setup.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def connect_setup(request: HttpRequest) -> HttpResponse:
    """The connection setup page; POST saves the credentials through the service."""
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    if request.method == "GET":
        return _setup_page(request, connection)
    form = CredentialsForm(request.POST, secret_stored=bool(connection.client_secret_encrypted))
    if not form.is_valid():
        return _setup_page(request, connection, form=form, status=400)
    try:
        connection_credentials_save(
            actor=user_of(request), connection=connection, **form.cleaned_data
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _setup_page(request, connection, form=form, status=400)
    messages.success(request, "Credentials saved. Press Test connection to check them.")
    return redirect("sync:connect-setup")


@login_required
@require_POST
def connect_test(request: HttpRequest) -> HttpResponse:
    """Run Test connection; htmx gets the results panel, a plain POST the page again."""
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    error = ""
    try:
        report = connection_test(actor=user_of(request), connection=connection)
    except DomainError as refused:
        report, error = TestReport(), refused.message
    if request.headers.get("HX-Request"):
        context = {"connection": connection, "report": report, "error": error, "just_ran": True}
        return render(request, "sync/connect_results.html", context)
    if error:
        messages.error(request, error)
    elif report.ok:
        messages.success(request, "Test connection passed.")
    else:
        messages.error(request, "Test connection found problems; each one shows its fix below.")
    return redirect("sync:connect-setup")


@login_required
@require_POST
def connect_rotate(request: HttpRequest) -> HttpResponse:
    """Replace the stored client secret."""
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    form = RotateForm(request.POST)
    if not form.is_valid():
        return _setup_page(request, connection, rotate=form, status=400)
    try:
        connection_secret_rotate(
            actor=user_of(request),
            connection=connection,
            client_secret=form.cleaned_data["client_secret"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _setup_page(request, connection, rotate=form, status=400)
    messages.success(request, "Client secret replaced. Press Test connection to check it.")
    return redirect("sync:connect-setup")


@login_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, object_type: str) -> HttpResponse:
    """The partner's mapping of one object's exported fields onto fields of their org."""
    try:
        kind = sync_kind_for_slug(object_type).object_type
    except UnknownKind:
        raise Http404("No such object.") from None
    connection = setup_connection_or_page(request)
    if isinstance(connection, HttpResponse):
        return connection
    mapping = ObjectMapping.objects.filter(connection=connection, object_type=kind).first()
    context: dict[str, Any] = {"connection": connection, "object_type": kind, "mapping": mapping}
    if mapping is None or mapping.vendor_saved_at is None:
        return render(request, "sync/mapping_edit.html", context)
    describe, unreadable = mapping_describe(connection, kind)
    if describe is None:
        return render(request, "sync/mapping_edit.html", {**context, "unreadable": unreadable})
    data = request.POST if request.method == "POST" else None
    form = MappingForm(data, mapping=mapping, describe=describe)
    if request.method == "POST" and form.is_valid():
        try:
            _partner_save(request, form, mapping, describe)
        except MappingInvalid as error:
            form.add_problems(error.problems or {"": error.message})
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{kind} mapping saved; it is active.")
            return redirect("sync:mapping-edit", object_type=object_type)
    status = 400 if form.is_bound else 200
    return render(request, "sync/mapping_edit.html", {**context, "form": form}, status=status)


def _partner_save(
    request: HttpRequest, form: MappingForm, mapping: ObjectMapping, describe: ObjectDescribe
) -> ObjectMapping:
    return mapping_partner_save(
        actor=user_of(request),
        object_mapping=mapping,
        rows=form.service_rows(),
        default_owner_id=form.cleaned_data["default_owner_id"],
        external_id_field=form.cleaned_data["external_id_field"],
        connected_object=form.cleaned_data["connected_object"],
        describe=describe,
    )
