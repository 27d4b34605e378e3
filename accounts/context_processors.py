"""Template context: the logged-in user's membership, when they have one."""

from typing import Any

from django.http import HttpRequest

from accounts.models import Membership


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {"membership": None}
    return {
        "membership": Membership.objects.select_related("partner_account").filter(user=user).first()
    }
