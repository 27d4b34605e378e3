"""Saving, choosing and deleting named list views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import NotFound
from portal.forms import ListViewSaveForm
from portal.selectors.lists import list_views_of
from portal.services.list_views import ListViewInvalid, list_view_delete, list_view_save
from portal.views.common import user_of
from portal.views.lists import spec_or_404


@login_required
@require_POST
def listview_save(request: HttpRequest, object_type: str) -> HttpResponse:
    """Save the posted columns, filters and sort under a name; errors show on the form."""
    spec = spec_or_404(object_type)
    form = ListViewSaveForm(request.POST)
    columns = request.POST.getlist("cols")
    filters = {key: request.POST[key] for key in spec.filter_keys if key in request.POST}
    sort = request.POST.get("sort", "")
    if form.is_valid():
        try:
            view = list_view_save(
                actor=user_of(request),
                object_type=spec.object_type,
                name=form.cleaned_data["name"],
                columns=columns,
                filters=filters,
                sort=sort,
                is_default=form.cleaned_data["is_default"],
            )
        except ListViewInvalid as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Saved the view “{view.name}”.")
            return redirect(f"{reverse(f'portal:{object_type}-list')}?view={view.pk}")
    context = {
        "spec": spec,
        "form": form,
        "columns": columns,
        "filters": filters,
        "sort": sort,
    }
    return render(request, "portal/listview_form.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def listview_delete(request: HttpRequest, object_type: str, pk: int) -> HttpResponse:
    """Ask to confirm, then delete one of the user's own list views."""
    spec = spec_or_404(object_type)
    view = list_views_of(user_of(request), spec.object_type).filter(pk=pk).first()
    if view is None:
        raise Http404("Not found.")
    if request.method == "POST":
        try:
            list_view_delete(actor=user_of(request), view_id=view.pk)
        except NotFound:
            raise Http404("Not found.") from None
        messages.success(request, f"Deleted the view “{view.name}”.")
        return redirect(f"portal:{object_type}-list")
    return render(request, "portal/listview_confirm_delete.html", {"spec": spec, "view": view})
