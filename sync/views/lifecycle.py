"""Partner site: disable (after a confirmation page) and reconnect the company's connection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, NotPermitted
from portal.views.common import user_of
from sync.models import Connection
from sync.selectors.connections import connection_for_user
from sync.services.connections.lifecycle import (
    connection_change_check,
    connection_disable,
    connection_reconnect,
)
from sync.views.common import FORBIDDEN


def _own_connection(request: HttpRequest) -> Connection:
    """The connection of the user's own company; 404 when it has none."""
    connection = connection_for_user(user_of(request))
    if connection is None:
        raise Http404("Your company has no Salesforce connection.")
    return connection


@login_required
@require_http_methods(["GET", "POST"])
def connect_disable(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST disables the connection through the service."""
    connection = _own_connection(request)
    try:
        if request.method == "GET":
            connection_change_check(user_of(request), connection)
            context = {"connection": connection}
            return render(request, "sync/connect_lifecycle_disable.html", context)
        connection_disable(actor=user_of(request), connection=connection)
    except NotPermitted as error:
        return render(request, FORBIDDEN, {"reason": error.message}, status=403)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("sync:connect-setup")
    messages.success(
        request, "The connection is disabled; nothing is sent or read until you reconnect."
    )
    return redirect("sync:connect-setup")


@login_required
@require_POST
def connect_reconnect(request: HttpRequest) -> HttpResponse:
    """Test the credentials again and, when green, resume the connection."""
    connection = _own_connection(request)
    try:
        connection_reconnect(actor=user_of(request), connection=connection)
    except NotPermitted as error:
        return render(request, FORBIDDEN, {"reason": error.message}, status=403)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("sync:connect-setup")
    connection.refresh_from_db()
    messages.success(request, f"Reconnected; the connection is {connection.status}.")
    return redirect("sync:connect-setup")
