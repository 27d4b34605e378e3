"""The Partner Connect models the audit trail records, and the fields it leaves out."""

from __future__ import annotations

from auditlog.registry import auditlog

from core.audit import audit_fields
from sync.models import Connection, ExportJob, FieldMapping, ObjectMapping


def audit_register() -> None:
    """Register the audited Partner Connect models with django-auditlog; never the secret."""
    auditlog.register(
        Connection,
        include_fields=audit_fields(
            Connection,
            leave_out=[
                "client_secret_encrypted",
                "last_test_result",
                "poll_watermark",
                "created_at",
                "updated_at",
            ],
        ),
    )
    auditlog.register(
        ObjectMapping, include_fields=audit_fields(ObjectMapping, leave_out=["updated_at"])
    )
    auditlog.register(FieldMapping, include_fields=audit_fields(FieldMapping))
    # Progress counters change per chunk; the job's start, size, target and outcome are kept.
    auditlog.register(
        ExportJob,
        include_fields=["connection", "object_type", "actor", "size", "use_bulk", "status"],
    )
