"""The home page: my open work, recent activity, and the team for partner admins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.selectors import partner_admin_membership
from accounts.services.seats import seat_summary
from portal.models import Lead, Opportunity
from portal.selectors.lists import (
    open_lead_counts,
    open_opportunity_counts,
    recent_notes,
    recently_changed,
)
from portal.views.common import user_of
from portal.views.team import team_rows


def _link(record: Lead | Opportunity) -> tuple[str, str, Lead | Opportunity]:
    """(kind, detail URL, record) for the recent-activity list."""
    url = reverse(f"portal:{record._meta.model_name}-detail", args=[record.pk])
    return str(record._meta.verbose_name).capitalize(), url, record


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Counts of open leads and opportunities, recent activity, and the team for admins."""
    user = user_of(request)
    leads, opportunities = open_lead_counts(user), open_opportunity_counts(user)
    context: dict[str, Any] = {
        "lead_counts": leads,
        "lead_total": sum(n for *_, n in leads),
        "opportunity_counts": opportunities,
        "opportunity_total": sum(n for *_, n in opportunities),
        "notes": recent_notes(user),
        "changed": [_link(r) for r in recently_changed(user)],
    }
    admin = partner_admin_membership(user)
    if admin is not None:
        context |= {"company": admin.partner_account, "team": team_rows(admin)}
        context["seats"] = seat_summary()
    return render(request, "portal/home.html", context)
