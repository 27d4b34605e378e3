"""How Partner Connect's status codes read to a person: a label and a one-line meaning.

The codes (``ExportSuccess``, ``UpdatePublishConnectionError``...) are Salesforce's and stay the
stored values, in the API and in the CSV report; pages show the label, with the meaning beside
it. *The partner org* is the partner company's own Salesforce org.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.models import InboundStatus, OutboundStatus

Out = OutboundStatus
In = InboundStatus

OUTBOUND: dict[str, tuple[str, str]] = {
    Out.EXPORT_IN_PROGRESS: ("Export in progress", "Being sent to the partner org."),
    Out.EXPORT_SUCCESS: ("Exported", "The record was created or updated in the partner org."),
    Out.EXPORT_SUCCESS_SKIPPED: (
        "Exported, nothing to change",
        "The partner org already held the same values, so nothing was sent.",
    ),
    Out.EXPORT_SUCCESS_PARTIAL: (
        "Partly exported",
        "The record is in the partner org, but some of its fields could not be set.",
    ),
    Out.EXPORT_PUBLISH_FIELD_MAP_ERROR: (
        "Export failed: mapping",
        "A mapped field could not be read or converted before sending.",
    ),
    Out.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR: (
        "Export failed: refused by the partner org",
        "The partner org refused a field's value.",
    ),
    Out.EXPORT_PUBLISH_EVENT_ERROR: ("Export failed: not sent", "The export could not be sent."),
    Out.EXPORT_PUBLISH_UNKNOWN_ERROR: (
        "Export failed",
        "An unexpected error before the record reached the partner org.",
    ),
    Out.EXPORT_SUBSCRIBE_UNKNOWN_ERROR: (
        "Export failed in the partner org",
        "The partner org refused the record for a reason it did not name.",
    ),
    Out.EXPORT_PUBLISH_CONNECTION_ERROR: (
        "Export failed: connection",
        "The partner org could not be reached or refused the connection's login.",
    ),
    Out.UPDATE_IN_PROGRESS: ("Update in progress", "Changed update fields are being sent."),
    Out.UPDATE_SUCCESS: ("Updated", "The latest update fields reached the partner org."),
    Out.UPDATE_PUBLISH_FIELD_MAP_ERROR: (
        "Update failed: mapping",
        "An update field could not be read or converted before sending.",
    ),
    Out.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND: (
        "Update failed: record gone",
        "The record is no longer in the partner org (deleted there).",
    ),
    Out.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR: (
        "Update failed: refused by the partner org",
        "The partner org refused an update field's value.",
    ),
    Out.UPDATE_PUBLISH_CONNECTION_ERROR: (
        "Update failed: connection",
        "The partner org could not be reached or refused the connection's login.",
    ),
    Out.UPDATE_PUBLISH_EVENT_ERROR: ("Update failed: not sent", "The update could not be sent."),
    Out.UPDATE_PUBLISH_UNKNOWN_ERROR: (
        "Update failed",
        "An unexpected error before the update reached the partner org.",
    ),
    Out.UPDATE_SUBSCRIBE_UNKNOWN_ERROR: (
        "Update failed in the partner org",
        "The partner org refused the update for a reason it did not name.",
    ),
}

INBOUND: dict[str, tuple[str, str]] = {
    In.IMPORT_SUCCESS: (
        "Connected",
        "The partner org's copy is linked; its update fields come back from there.",
    ),
    In.IMPORT_CONNECTED_RECORD_ERROR: (
        "Not connected",
        "The connected record for the partner org's copy could not be made.",
    ),
    In.UPDATE_SUCCESS: ("Changes received", "The latest changes made in the partner org arrived."),
    In.UPDATE_FIELD_MAP_ERROR: (
        "Changes not received: mapping",
        "A changed field from the partner org could not be mapped back.",
    ),
    In.UPDATE_CONNECTED_RECORD_ERROR: (
        "Changes not received",
        "The connected record could not be updated with the partner org's changes.",
    ),
    In.UPDATE_UNKNOWN_ERROR: (
        "Changes not received",
        "An unexpected error while reading the partner org's changes.",
    ),
}


@dataclass(frozen=True)
class StatusText:
    """A status as a person reads it; ``code`` is the stored value."""

    code: str
    label: str
    meaning: str


def outbound_text(code: str) -> StatusText | None:
    """The label and meaning of an outbound status; None for no status."""
    return _text(OUTBOUND, code)


def inbound_text(code: str) -> StatusText | None:
    """The label and meaning of an inbound status; None for no status."""
    return _text(INBOUND, code)


def _text(table: dict[str, tuple[str, str]], code: str) -> StatusText | None:
    if not code:
        return None
    label, meaning = table.get(code, (code, ""))
    return StatusText(code, label, meaning)
