"""What the API's views share: the caller, checked input, rows named by an input id, and the
error responses the schema declares."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar, cast

from django.db import models
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.serializers import Serializer

from accounts.models import Membership, PartnerAccount, User
from sync.errors import ActionNotPermitted
from sync.services.connections.setup import partner_admin_check

Row = TypeVar("Row", bound=models.Model)

ERROR_RESPONSES = {
    400: OpenApiResponse(description="Invalid input; error.fields names each invalid field."),
    401: OpenApiResponse(description="No credentials, or a wrong, expired or revoked token."),
    403: OpenApiResponse(description="Not permitted; error.message says who may."),
    404: OpenApiResponse(description="Not found, or not visible to the caller."),
    409: OpenApiResponse(description="The current state does not allow it."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The schema's error responses with these status codes."""
    return {code: ERROR_RESPONSES[code] for code in codes}


def caller(request: Request) -> User:
    """The authenticated caller (every view here requires authentication first)."""
    return cast(User, request.user)


def valid_data(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """The request body validated by ``serializer_class``; a 400 with field messages if not."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def raise_invalid(field: str, message: str) -> NoReturn:
    """A 400 naming the field."""
    raise ValidationError({field: [message]})


def row_for_field(model: type[Row], field: str, pk: int) -> Row:
    """The row an input field names by id; a 400 naming the field when there is none.

    Only for callers who may see every row of ``model`` (vendor admins).
    """
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        raise_invalid(field, f"No {model._meta.verbose_name} has id {pk}.")
    return row


def partner_admin_company(user: User, what: str) -> PartnerAccount:
    """The company whose connection the user may set up (its partner admin with a seat)."""
    membership = Membership.objects.select_related("partner_account").filter(user=user).first()
    if membership is None:
        raise ActionNotPermitted(f"Only vendor admins and partner admins may read {what}.")
    partner_admin_check(user, membership.partner_account)
    return membership.partner_account
