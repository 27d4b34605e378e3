"""Who may use the people and sharing endpoints: the same checks as Django admin and the site.

A vendor admin is an active staff user holding the model permission Django admin would ask
for (view to read, add to create, change to change). A partner admin is who the site's team
page lets in.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.models import Membership
from accounts.selectors import is_vendor_admin, partner_admin_membership


def partner_admin_of(user: Any) -> Membership | None:
    """The caller's partner admin membership, as the team page finds it; None for others."""
    if not user.is_authenticated or user.is_staff:
        return None
    return partner_admin_membership(user)


def _denied(perm: str) -> str:
    return f"Only vendor admins with the {perm} permission may do this."


class VendorAdminPermission(BasePermission):
    """Vendor staff with the permission the view names for the action (``vendor_perms``)."""

    message = "Only vendor admins may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = view.vendor_perms.get(getattr(view, "action", None) or request.method)
        if perm is None:
            return False
        self.message = _denied(perm)
        return is_vendor_admin(request.user, perm)


class PartnerOrVendorAdminPermission(VendorAdminPermission):
    """A partner admin for the actions the site lets them use; else the vendor admin check."""

    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "action", None) or request.method
        if action in view.partner_admin_actions and partner_admin_of(request.user) is not None:
            return True
        if not request.user.is_staff:
            self.message = view.partner_denied_message
            return False
        return super().has_permission(request, view)


class VendorStaffPermission(BasePermission):
    """Active vendor staff; the view then checks the model permission the input names."""

    message = "Only vendor admins may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.is_active and user.is_staff)
