"""The partner admin's team page: members, roles, seats and invitation requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership, PartnerRole
from accounts.selectors import partner_admin_membership
from accounts.services.invitations import invitation_request
from accounts.services.memberships import membership_update_by_partner_admin
from accounts.services.seats import membership_holds_seat, seat_summary
from core.errors import DomainError, NotFound
from portal.forms import InvitationRequestForm, TeamRoleForm
from portal.selectors.lists import team_member_get, team_members
from portal.views.common import user_of

FORBIDDEN = "portal/team_forbidden.html"


def team_rows(admin: Membership) -> list[dict[str, Any]]:
    """Each member of the admin's company with the seat they hold and a role form."""
    return [
        {
            "member": m,
            "holds_seat": membership_holds_seat(m),
            "role_form": TeamRoleForm(
                initial={"role": m.role}, partner_account=m.partner_account, prefix=f"m{m.pk}"
            ),
        }
        for m in team_members(admin)
    ]


def _page(
    request: HttpRequest,
    admin: Membership,
    invite: InvitationRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "company": admin.partner_account,
        "rows": team_rows(admin),
        "seats": seat_summary(),
        "invite_form": invite or InvitationRequestForm(partner_account=admin.partner_account),
    }
    return render(request, "portal/team_detail.html", context, status=status)


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The team page; other users get a page that says who may use it."""
    admin = partner_admin_membership(user_of(request))
    if admin is None:
        return render(request, FORBIDDEN, status=403)
    return _page(request, admin)


@login_required
@require_POST
def team_member_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a colleague's role through the membership service."""
    if partner_admin_membership(user_of(request)) is None:
        return render(request, FORBIDDEN, status=403)
    try:
        member = team_member_get(user_of(request), pk)
    except NotFound:
        raise Http404("Not found.") from None
    form = TeamRoleForm(request.POST, partner_account=member.partner_account, prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(request, f"Choose one of the roles {member.partner_account} uses.")
        return redirect("portal:team")
    try:
        membership_update_by_partner_admin(
            actor=user_of(request), membership=member, role=form.cleaned_data["role"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        role = PartnerRole(form.cleaned_data["role"]).label
        messages.success(request, f"{member.user} now has the role {role}.")
    return redirect("portal:team")


@login_required
@require_POST
def team_invite(request: HttpRequest) -> HttpResponse:
    """Ask the vendor to invite a colleague; the invitation service decides."""
    admin = partner_admin_membership(user_of(request))
    if admin is None:
        return render(request, FORBIDDEN, status=403)
    form = InvitationRequestForm(request.POST, partner_account=admin.partner_account)
    if not form.is_valid():
        return _page(request, admin, invite=form, status=400)
    try:
        invitation = invitation_request(
            actor=user_of(request), partner_account=admin.partner_account, **form.cleaned_data
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _page(request, admin, invite=form, status=400)
    messages.success(request, f"Invitation for {invitation.email} requested.")
    return redirect("portal:team")
