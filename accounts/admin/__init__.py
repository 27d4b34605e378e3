"""Django admin of the accounts app; each module registers its models."""

from accounts.admin import audit, companies, invitations, users

__all__ = ["audit", "companies", "invitations", "users"]
