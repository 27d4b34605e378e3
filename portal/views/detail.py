"""Record pages: fields, notes, partner edits and the "Why can I see this?" panel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import partner_admin_membership
from core.errors import NotFound, NotPermitted
from portal.extensions import record_context
from portal.forms import NoteForm, record_edit_form
from portal.kinds import UnknownKind, kind_for_model, kind_for_slug
from portal.listviews import close_date_of
from portal.models import Account, Contact, Lead, Opportunity, Reason
from portal.selectors.lists import company_access_rows
from portal.selectors.records import (
    accounts_visible_to,
    contacts_visible_to,
    opportunities_visible_to,
    record_access_for,
    visibility_explain,
)
from portal.services.records import editable_fields, note_add, record_update_by_partner
from portal.views.common import record_or_404, user_of

# Reasons in the third person, for the list of colleagues who see a record.
REASON_LABELS = {
    Reason.OWNER: "Owner",
    Reason.ROLE_ABOVE_OWNER: "Role above the owner's",
    Reason.SUPER_USER: "Super user",
    Reason.COMPANY_SHARE: "Company-wide share",
    Reason.PERSONAL_SHARE: "Personal share",
    Reason.PARENT_ACCOUNT: "Top role of a parent account",
}


def _fields(record: models.Model) -> list[tuple[str, Any, str]]:
    """(label, value, link name) of the record's business fields, in declaration order."""
    rows = []
    for name in record.salesforce_types:  # type: ignore[attr-defined]
        field = record._meta.get_field(name)
        display = getattr(record, f"get_{name}_display", None)
        value = display() if display is not None else getattr(record, name)
        if name == "close_date":
            value = close_date_of(record)
        label = str(getattr(field, "verbose_name", name)).capitalize()
        rows.append((label, value, _link_name(field)))
    return rows


def _link_name(field: Any) -> str:
    """The detail page a field links to: a reference to a record kind's page, else none."""
    related = getattr(field, "related_model", None)
    try:
        return kind_for_model(related).detail_url_name if related is not None else ""
    except UnknownKind:
        return ""


def _panel(request: HttpRequest, record: models.Model) -> dict[str, Any]:
    user = user_of(request)
    admin = partner_admin_membership(user)
    if not (user.is_staff or admin):
        return {"show_panel": False}
    colleagues = [
        (row.user, [REASON_LABELS[r] for r in row.reason_list()], row.can_edit)
        for row in (company_access_rows(record, admin) if admin else [])
    ]
    return {
        "show_panel": True,
        "explain": visibility_explain(user, record),
        "colleagues": colleagues,
        "company": admin.partner_account if admin else None,
    }


def _context(request: HttpRequest, record: models.Model, **forms_: Any) -> dict[str, Any]:
    user = user_of(request)
    access = record_access_for(user, record)
    context: dict[str, Any] = {
        "record": record,
        "object_type": record._meta.model_name,
        "fields": _fields(record),
        "access": access,
        **_panel(request, record),
    }
    can_edit = bool(access and access.can_edit)
    if isinstance(record, Lead | Opportunity):
        context |= {
            "has_notes": True,
            **record_context(record, user),
            "notes": record.notes.select_related("author"),
            "note_form": forms_.get("note_form") or (NoteForm() if can_edit else None),
        }
    if isinstance(record, Lead | Opportunity | Account):
        editable = editable_fields(type(record))
        if forms_.get("edit_form") is not None:
            # A refused edit shows its form with the reason, whatever the access now is.
            context["edit_form"] = forms_["edit_form"]
        elif can_edit and editable:
            context["edit_form"] = record_edit_form(type(record), editable)(instance=record)
    if isinstance(record, Account):
        user_contacts = contacts_visible_to(user).filter(account_id=record.pk)
        context["contacts"] = user_contacts.order_by("last_name", "first_name")
        context["opportunities"] = (
            opportunities_visible_to(user).filter(account_id=record.pk).select_related("owner")
        )
    if isinstance(record, Opportunity | Contact) and record.account_id:
        # The account is linked only when the viewer may open it.
        context["account_visible"] = accounts_visible_to(user).filter(pk=record.account_id).exists()
    return context


def _render(
    request: HttpRequest, record: models.Model, status: int = 200, **f: Any
) -> HttpResponse:
    template = f"portal/{record._meta.model_name}_detail.html"
    return render(request, template, _context(request, record, **f), status=status)


@login_required
@require_GET
def record_detail(request: HttpRequest, object_type: str, pk: int) -> HttpResponse:
    """One record the user may see; 404 for any other id."""
    return _render(request, record_or_404(kind_for_slug(object_type).model, request, pk))


@login_required
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An account with its visible contacts and opportunities."""
    return _render(request, record_or_404(Account, request, pk))


@login_required
@require_POST
def note_create(request: HttpRequest, object_type: str, pk: int) -> HttpResponse:
    """Add a note through the service; its refusals show as form errors."""
    record = record_or_404(kind_for_slug(object_type).model, request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(actor=user_of(request), record=record, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except (NotPermitted, NotFound) as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error("body", "; ".join(error.messages))
        else:
            if request.htmx:  # type: ignore[attr-defined]
                context = _context(request, record, note_form=NoteForm())
                return render(request, "portal/_notes.html", context)
            messages.success(request, "Note added.")
            return redirect(f"portal:{object_type}-detail", pk=record.pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "portal/_notes.html", _context(request, record, note_form=form))
    return _render(request, record, status=400, note_form=form)


def _attempted_fields(
    request: HttpRequest, model: type[models.Model], form: forms.BaseForm
) -> dict[str, str]:
    """Posted values of model fields the edit form does not offer, handed on for refusal."""
    names = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    return {k: request.POST[k] for k in request.POST if k in names and k not in form.fields}


@login_required
@require_POST
def record_edit(request: HttpRequest, object_type: str, pk: int) -> HttpResponse:
    """Change whitelisted fields through the service; refusals show as form errors."""
    record = record_or_404(kind_for_slug(object_type).model, request, pk)
    model = type(record)
    form = record_edit_form(model, editable_fields(model))(request.POST, instance=record)
    # Fields the form does not offer go to the service, which refuses them with a reason.
    changes = _attempted_fields(request, model, form)
    if not changes and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
    if changes:
        try:
            record_update_by_partner(
                actor=user_of(request),
                record=model._default_manager.get(pk=record.pk),  # type: ignore[arg-type]
                changes=changes,
            )
        except (NotPermitted, NotFound) as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, "; ".join(error.messages))
        else:
            messages.success(request, "Changes saved.")
            return redirect(f"portal:{object_type}-detail", pk=record.pk)
    elif form.is_valid():
        messages.info(request, "Nothing changed.")
        return redirect(f"portal:{object_type}-detail", pk=record.pk)
    fresh = model._default_manager.get(pk=record.pk)
    return _render(request, fresh, status=400, edit_form=form)
