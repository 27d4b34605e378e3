"""The site's API tokens page: create a token (its secret shown once), list and revoke them."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from api.tokens.forms import TokenCreateForm
from api.tokens.services import TokenLimitReached, token_create, token_get, token_revoke, tokens_of


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens and the form for a new one; a created token's secret, once."""
    user = cast(User, request.user)
    form = TokenCreateForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            token, secret = token_create(
                actor=user,
                name=form.cleaned_data["name"],
                expiry_days=form.cleaned_data["expiry_days"],
            )
        except TokenLimitReached as error:
            form.add_error(None, error.message)
            status = 409
        else:
            context = {"token": token, "secret": secret}
            return render(request, "api/token_created.html", context)
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "tokens": tokens_of(user)}
    return render(request, "api/token_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_page(request: HttpRequest, token_key: str) -> HttpResponse:
    """Ask before revoking one of the user's tokens; revoke on POST."""
    user = cast(User, request.user)
    token = token_get(user, token_key)
    if token is None:
        raise Http404("No such token.")
    if request.method == "POST":
        token_revoke(actor=user, token=token)
        messages.success(request, f"Revoked the API token “{token.name}”.")
        return redirect("tokens:token-list")
    return render(request, "api/token_revoke.html", {"token": token})
