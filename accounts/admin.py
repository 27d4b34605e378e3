"""Django admin of the accounts app; each module registers its models."""

from accounts import admin_audit, admin_companies, admin_invitations, admin_users

__all__ = ["admin_audit", "admin_companies", "admin_invitations", "admin_users"]
