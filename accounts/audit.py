"""The accounts models the audit trail records, and the fields it leaves out."""

from __future__ import annotations

from auditlog.registry import auditlog

from accounts.models import Invitation, Membership, PartnerAccount, SeatPool, User
from core.audit import audit_fields


def audit_register() -> None:
    """Register the audited accounts models and their recorded fields with django-auditlog."""
    auditlog.register(
        User,
        include_fields=[
            "email",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "is_superuser",
        ],
    )
    auditlog.register(
        PartnerAccount, include_fields=audit_fields(PartnerAccount, leave_out=["created_at"])
    )
    auditlog.register(Membership, include_fields=audit_fields(Membership, leave_out=["created_at"]))
    auditlog.register(SeatPool, include_fields=["seats_purchased"])
    auditlog.register(
        Invitation, include_fields=audit_fields(Invitation, leave_out=["nonce", "created_at"])
    )
