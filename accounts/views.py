"""Accounts pages: accept an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.errors import InvitationInvalid
from accounts.forms import InvitationAcceptForm
from accounts.services.invitations import InvitationTampered, invitation_accept, invitation_check
from core.errors import DomainError

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _invalid(request: HttpRequest, error: InvitationInvalid) -> HttpResponse:
    status = 400 if isinstance(error, InvitationTampered) else 410
    context = {"message": error.message}
    return render(request, "accounts/invitation_invalid.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept_page(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invitation and its form; on POST create the account and log the person in."""
    try:
        invitation = invitation_check(token)
    except InvitationInvalid as error:
        return _invalid(request, error)
    form = InvitationAcceptForm(request.POST or None)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = invitation_accept(
                token=token,
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except InvitationInvalid as error:
            return _invalid(request, error)
        except ValidationError as error:
            form.add_error("password1", error)
        except DomainError as error:
            form.add_error(None, error.message)
            status = 409
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(request, f"Welcome to {invitation.partner_account}, {user}.")
            return redirect("portal:home")
    if form.errors and status == 200:
        status = 400
    context = {"invitation": invitation, "form": form}
    return render(request, "accounts/invitation_accept.html", context, status=status)
