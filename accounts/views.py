"""Accounts pages: accept an invitation; Django admin's login goes through the site's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from accounts.errors import InvitationInvalid
from accounts.forms import InvitationAcceptForm
from accounts.services.invitations import InvitationTampered, invitation_accept, invitation_check
from core.errors import DomainError

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def admin_login(request: HttpRequest) -> HttpResponse:
    """Django admin's login page: the site's login instead, with its rate limits and 2FA.

    Django admin's own form checks a password with no limit on failures and no second factor.
    A signed-in user who is not staff is told admin is not for them (a redirect would loop).
    """
    if request.user.is_authenticated:
        raise PermissionDenied("Django admin is for the vendor's staff.")
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    query = urlencode({"next": target if allowed and target else reverse("admin:index")})
    return redirect(f"{reverse('account_login')}?{query}")


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
