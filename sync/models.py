"""Partner Connect: connections, mappings, export jobs, record maps and import logs.

Names follow SPEC-partner-connect.md: ``Connection`` is ExtlRecShrCnct, ``ObjectMapping``
ExtlRecShrObject, ``FieldMapping`` ExtlRecShrField with its ExtlRecShrFieldMap columns,
``RecordMap`` ExtlRecShrRecordMap and ``ImportLog`` ObjectDataImport.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import PartnerAccount

User = settings.AUTH_USER_MODEL

DEFAULT_EXTERNAL_ID_FIELD = "Vendor_Record_Id__c"
MAX_UPDATE_FIELDS = 10


class ObjectType(models.TextChoices):
    LEAD = "Lead"
    OPPORTUNITY = "Opportunity"


class ConnectionStatus(models.TextChoices):
    PENDING = "Pending"
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    ERROR = "Error"
    UNKNOWN = "Unknown"


class Connection(models.Model):
    """One partner company's link to its own Salesforce org."""

    partner_account = models.OneToOneField(
        PartnerAccount, on_delete=models.CASCADE, related_name="connection"
    )
    status = models.CharField(
        max_length=10, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING
    )
    my_domain = models.CharField(
        "My Domain",
        max_length=255,
        blank=True,
        help_text="The org's My Domain host, e.g. acme.my.salesforce.com.",
    )
    client_id = models.CharField("client id", max_length=255, blank=True)
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    configured_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    credentials_ok = models.BooleanField(
        default=False, help_text="The last Test connection passed with the current credentials."
    )
    last_tested_at = models.DateTimeField(null=True, blank=True)
    last_test_result = models.JSONField(default=list, blank=True)
    last_error = models.TextField(blank=True)
    error_at = models.DateTimeField(null=True, blank=True)
    # The org's integration user (run-as user of the External Client App), read at login;
    # changes it writes are ignored by the update poll.
    integration_user_id = models.CharField(max_length=18, blank=True)
    poll_watermark = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner_account__name"]

    def __str__(self) -> str:
        return f"{self.partner_account} ({self.status})"


class MappingState(models.TextChoices):
    SELECTED = "Selected"
    ACTIVE = "ActiveMapping"


class ObjectMapping(models.Model):
    """Per connection and object: the mapping state, default owner and external-ID field."""

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="object_mappings"
    )
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    state = models.CharField(
        max_length=20, choices=MappingState.choices, default=MappingState.SELECTED
    )
    vendor_saved_at = models.DateTimeField(null=True, blank=True)
    vendor_saved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_saved_at = models.DateTimeField(null=True, blank=True)
    partner_saved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_owner_id = models.CharField(
        "default owner id",
        max_length=18,
        blank=True,
        help_text="User or queue id in the partner org that owns imported records.",
    )
    default_owner_name = models.CharField(
        "default owner name",
        max_length=121,
        blank=True,
        help_text="The default owner's name in the partner org, as last looked up there.",
    )
    external_id_field = models.CharField(max_length=80, default=DEFAULT_EXTERNAL_ID_FIELD)
    connected_object = models.CharField(
        "connected external object",
        max_length=80,
        blank=True,
        help_text="API name of the Connected External object in the partner org.",
    )
    last_validation = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "object_type"], name="sync_one_mapping_per_object"
            )
        ]
        ordering = ["connection", "object_type"]

    def __str__(self) -> str:
        return f"{self.connection.partner_account} {self.object_type} ({self.state})"


class FieldMapping(models.Model):
    """A vendor field selected for export, and how the partner maps it in their org."""

    object_mapping = models.ForeignKey(
        ObjectMapping, on_delete=models.CASCADE, related_name="fields"
    )
    field_name = models.CharField(max_length=80, help_text="The vendor model's field name.")
    send_updates = models.BooleanField(
        "update field", default=False, help_text="Later changes flow both ways (at most 10)."
    )
    accepted = models.BooleanField(default=False, help_text="The partner admin accepted it.")
    target_field = models.CharField(
        max_length=80, blank=True, help_text="API name of the field in the partner org."
    )
    picklist_map = models.JSONField(
        default=dict, blank=True, help_text="Vendor picklist value -> partner picklist value."
    )
    picklist_default = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_mapping", "field_name"], name="sync_one_row_per_field"
            )
        ]
        ordering = ["object_mapping", "field_name"]

    def __str__(self) -> str:
        return f"{self.field_name} -> {self.target_field or '(not mapped)'}"


class JobStatus(models.TextChoices):
    QUEUED = "Queued"
    RUNNING = "Running"
    WAITING = "WaitingForCapacity", "Waiting for API capacity"
    RETRYING = "Retrying"
    COMPLETED = "Completed"
    FAILED = "Failed"


class ExportJob(models.Model):
    """One export: a batch of records of one object sent to one connection."""

    batch_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="jobs")
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    size = models.PositiveIntegerField()
    use_bulk = models.BooleanField(default=False)
    fields = models.JSONField(default=list, help_text="Vendor fields sent, as mapped at start.")
    processed = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export {self.batch_id} ({self.size} {self.object_type})"

    @property
    def status_label(self) -> str:
        """The status as people read it: a completed job with failures says how many."""
        if self.status == JobStatus.COMPLETED and self.failed:
            return f"Completed with {self.failed:,} failure{'s' if self.failed != 1 else ''}"
        if self.status == JobStatus.WAITING and self.next_attempt_at is None:
            # Parked until the connection is Enabled again (disabled, or a refused login).
            return "Waiting for the connection"
        return str(self.get_status_display())


class OutboundStatus(models.TextChoices):
    EXPORT_IN_PROGRESS = "ExportInProgress"
    EXPORT_SUCCESS = "ExportSuccess"
    EXPORT_SUCCESS_SKIPPED = "ExportSuccessSkipped"
    EXPORT_SUCCESS_PARTIAL = "ExportSuccessPartial"
    EXPORT_PUBLISH_FIELD_MAP_ERROR = "ExportPublishFieldMapError"
    EXPORT_SUBSCRIBE_FIELD_MAP_ERROR = "ExportSubscribeFieldMapError"
    EXPORT_PUBLISH_EVENT_ERROR = "ExportPublishEventError"
    EXPORT_PUBLISH_UNKNOWN_ERROR = "ExportPublishUnknownError"
    EXPORT_SUBSCRIBE_UNKNOWN_ERROR = "ExportSubscribeUnknownError"
    EXPORT_PUBLISH_CONNECTION_ERROR = "ExportPublishConnectionError"
    UPDATE_IN_PROGRESS = "UpdateInProgress"
    UPDATE_SUCCESS = "UpdateSuccess"
    UPDATE_PUBLISH_FIELD_MAP_ERROR = "UpdatePublishFieldMapError"
    UPDATE_SUBSCRIBE_RECORD_NOT_FOUND = "UpdateSubscribeRecordNotFound"
    UPDATE_SUBSCRIBE_FIELD_MAP_ERROR = "UpdateSubscribeFieldMapError"
    UPDATE_PUBLISH_CONNECTION_ERROR = "UpdatePublishConnectionError"
    UPDATE_PUBLISH_EVENT_ERROR = "UpdatePublishEventError"
    UPDATE_PUBLISH_UNKNOWN_ERROR = "UpdatePublishUnknownError"
    UPDATE_SUBSCRIBE_UNKNOWN_ERROR = "UpdateSubscribeUnknownError"


class InboundStatus(models.TextChoices):
    IMPORT_SUCCESS = "ImportSuccess"
    IMPORT_CONNECTED_RECORD_ERROR = "ImportConctExtlRecError"
    UPDATE_SUCCESS = "UpdateSuccess"
    UPDATE_FIELD_MAP_ERROR = "UpdateFieldMapError"
    UPDATE_CONNECTED_RECORD_ERROR = "UpdateConctExtlRecError"
    UPDATE_UNKNOWN_ERROR = "UpdateUnknownError"


class ExportStatus(models.TextChoices):
    """The derived, read-only Export Status of a lead or opportunity (SPEC labels)."""

    NOT_EXPORTED = "not_exported", "Not Exported"
    IN_PROGRESS = "in_progress", "In Progress"
    EXPORTED = "exported", "Exported"
    PARTIAL = "partial", "Partially Exported"
    FAILED = "failed", "Failed"


class RecordMap(models.Model):
    """One vendor record's link to its copy in one partner org."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="maps")
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    lead = models.ForeignKey(
        "portal.Lead", null=True, blank=True, on_delete=models.CASCADE, related_name="record_maps"
    )
    opportunity = models.ForeignKey(
        "portal.Opportunity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="record_maps",
    )
    external_id = models.CharField("external record id", max_length=18, blank=True)
    is_imported = models.BooleanField(default=False)
    outbound_status = models.CharField(
        max_length=40, choices=OutboundStatus.choices, default=OutboundStatus.EXPORT_IN_PROGRESS
    )
    inbound_status = models.CharField(max_length=40, choices=InboundStatus.choices, blank=True)
    export_status = models.CharField(
        max_length=20, choices=ExportStatus.choices, default=ExportStatus.IN_PROGRESS
    )
    # The job that currently owns the record; a second export of it is refused until it ends.
    job = models.ForeignKey(
        ExportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="record_maps"
    )
    last_error_code = models.CharField(max_length=80, blank=True)
    last_error_message = models.TextField(blank=True)
    last_payload_hash = models.CharField(max_length=64, blank=True)
    last_modified_sent = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(object_type=ObjectType.LEAD, lead__isnull=False, opportunity__isnull=True)
                    | Q(
                        object_type=ObjectType.OPPORTUNITY,
                        opportunity__isnull=False,
                        lead__isnull=True,
                    )
                ),
                name="sync_record_map_one_record",
            ),
            models.UniqueConstraint(fields=["connection", "lead"], name="sync_one_map_per_lead"),
            models.UniqueConstraint(
                fields=["connection", "opportunity"], name="sync_one_map_per_opportunity"
            ),
        ]
        indexes = [models.Index(fields=["connection", "object_type", "outbound_status"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.lead_id or self.opportunity_id} -> {self.external_id}"


class ItemStatus(models.TextChoices):
    PENDING = "Pending"
    SENT = "Sent"
    SKIPPED = "Skipped"
    FAILED = "Failed"


class ExportJobItem(models.Model):
    """One record of a job, in batch order, with its result for this job."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="items")
    record_map = models.ForeignKey(RecordMap, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    outbound_status = models.CharField(max_length=40, choices=OutboundStatus.choices, blank=True)
    error_code = models.CharField(max_length=80, blank=True)
    error_message = models.TextField(blank=True)
    error_fields = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "order"], name="sync_item_order_unique")
        ]
        indexes = [models.Index(fields=["job", "status", "order"])]
        ordering = ["job", "order"]

    def __str__(self) -> str:
        return f"{self.job.batch_id} #{self.order} ({self.status})"


class ImportLogStatus(models.TextChoices):
    IN_PROGRESS = "In Progress"
    COMPLETED = "Completed"


class ImportLog(models.Model):
    """ObjectDataImport of type External Record Import: one per chunk sent to the partner org."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="import_logs")
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="import_logs")
    import_type = models.CharField(max_length=40, default="External Record Import")
    status = models.CharField(
        max_length=20, choices=ImportLogStatus.choices, default=ImportLogStatus.IN_PROGRESS
    )
    chunk = models.PositiveIntegerField()
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "chunk"]

    def __str__(self) -> str:
        return f"Import log {self.job.batch_id} chunk {self.chunk} ({self.status})"


class ConnectedExternalRecord(models.Model):
    """Connected External Lead / Opportunity: the partner's current values of the update fields.

    A read-only child of the local record per connection, written only by the update poll.
    """

    record_map = models.OneToOneField(
        RecordMap, on_delete=models.CASCADE, related_name="connected_record"
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="connected_records"
    )
    object_type = models.CharField(max_length=20, choices=ObjectType.choices)
    lead = models.ForeignKey(
        "portal.Lead",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="connected_external_records",
    )
    opportunity = models.ForeignKey(
        "portal.Opportunity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="connected_external_records",
    )
    # Vendor field name -> the partner's value, for the update fields the partner accepted.
    values = models.JSONField(default=dict, blank=True)
    last_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the partner last changed an update field."
    )
    inbound_status = models.CharField(max_length=40, choices=InboundStatus.choices, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["connection", "object_type", "record_map"]
        verbose_name = "connected external record"

    def __str__(self) -> str:
        return f"Connected External {self.object_type} of {self.record_map}"


class UpdateOutbox(models.Model):
    """The push state of one record map: queued since when, and what was last sent.

    A row is queued (``queued_at`` set) in the same transaction as the change it stands for;
    the push sends the record's current update-field values and clears it. ``values_hash``
    is the hash of the values last sent, so a change made by any path (even one that bypasses
    ``save()``) is found by comparison, and a change of other fields sends nothing.
    ``values_sent`` and ``sent_at`` are what the partner org last accepted and when.
    """

    record_map = models.OneToOneField(
        RecordMap, on_delete=models.CASCADE, related_name="update_outbox"
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="update_outbox"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    values_hash = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The body the partner org last accepted (Connected External field -> value), so the poll
    # can tell an echo of it, written back by our integration user, from any other change.
    values_sent = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["connection", "due_at"])]
        verbose_name = "update outbox entry"
        verbose_name_plural = "update outbox entries"

    def __str__(self) -> str:
        state = "queued" if self.queued_at else "sent"
        return f"Update of {self.record_map} ({state})"


class SyncLease(models.Model):
    """A per-connection lease that lets one push or poll run at a time."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="leases")
    kind = models.CharField(max_length=20)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "kind"], name="sync_one_lease_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} lease of connection {self.connection_id}"


class NoticeKind(models.TextChoices):
    EXPORT = "export", "Export job"
    UPDATE_OUT = "update_out", "Updates sent to the partner org"
    UPDATE_IN = "update_in", "Updates read from the partner org"


class FailureNotice(models.Model):
    """Something failed on a connection and the partner admins are to hear of it.

    Notices are emailed at once when the connection's last failure email is older than the
    digest window, and otherwise gathered into one digest at the window's end, so a broken
    connection cannot send an email per job or per poll.
    """

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="failure_notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    job = models.ForeignKey(
        ExportJob, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    total = models.PositiveIntegerField(default=0, help_text="Records the run handled.")
    failed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="A failure of the run as a whole.")
    # [{"object_type", "record_id", "status", "message"}], at most a page of them.
    records = models.JSONField(default=list, blank=True)
    occurrences = models.PositiveIntegerField(
        default=1, help_text="How often the same run-wide failure repeated before it was sent."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["connection", "sent_at"])]
        ordering = ["connection", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} failure on connection {self.connection_id}"
