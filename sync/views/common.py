"""What the partner site's connection pages share: the connection a partner admin may set up."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership
from core.errors import NotPermitted
from portal.views.common import user_of
from sync.models import Connection
from sync.selectors.connections import connection_for_user
from sync.services.connections.setup import partner_admin_check

FORBIDDEN = "sync/connect_forbidden.html"


def setup_connection_or_page(request: HttpRequest) -> Connection | HttpResponse:
    """The user's company connection when they may set it up; else the page to show instead."""
    user = user_of(request)
    if not Membership.objects.filter(user=user, is_active=True).exists():
        return render(request, FORBIDDEN, status=403)
    connection = connection_for_user(user)
    if connection is None:
        return render(request, "sync/connect_empty.html")
    try:
        partner_admin_check(user, connection.partner_account)
    except NotPermitted as error:
        return render(request, FORBIDDEN, {"reason": error.message}, status=403)
    return connection
