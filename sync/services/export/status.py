"""How per-record results become outbound statuses, and how Export Status derives from them."""

from __future__ import annotations

from collections.abc import Sequence

from sync.models import ExportStatus, InboundStatus, OutboundStatus

OS = OutboundStatus
IS = InboundStatus

# Salesforce errorCodes that mean the partner's mapping, required fields or owner are wrong.
FIELD_MAP_ERROR_CODES = frozenset(
    {
        "INVALID_FIELD",
        "INVALID_FIELD_FOR_INSERT_UPDATE",
        "REQUIRED_FIELD_MISSING",
        "STRING_TOO_LONG",
        "INVALID_TYPE_ON_FIELD_IN_RECORD",
        "INVALID_EMAIL_ADDRESS",
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "INVALID_CROSS_REFERENCE_KEY",
        "FIELD_INTEGRITY_EXCEPTION",
    }
)

# Salesforce errorCodes that mean the vendor record's own data was refused (a bad email, a value
# too long, an empty field the partner org requires, a validation rule): the mapping is fine,
# the record needs correcting. An export files them as record errors; updates keep treating
# them as field-map errors (FIELD_MAP_ERROR_CODES), since no re-export follows an update.
RECORD_ERROR_CODES = frozenset(
    {
        "INVALID_EMAIL_ADDRESS",
        "REQUIRED_FIELD_MISSING",
        "STRING_TOO_LONG",
        "INVALID_TYPE_ON_FIELD_IN_RECORD",
        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        "NUMBER_OUTSIDE_VALID_RANGE",
    }
)

SUCCESS_STATUSES = frozenset(
    {OS.EXPORT_SUCCESS, OS.EXPORT_SUCCESS_SKIPPED, OS.EXPORT_SUCCESS_PARTIAL}
)

# SPEC, "Troubleshooting": what to do about each failure.
ADVICE: dict[str, str] = {
    OS.EXPORT_PUBLISH_FIELD_MAP_ERROR: (
        "The vendor's field selection is no longer valid: the vendor admin re-selects the "
        "exported fields."
    ),
    OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR: (
        "The partner mapping is missing or incompatible, a required field in your org is "
        "empty, or the default owner is invalid: fix the mapping or the owner, then re-export."
    ),
    OS.EXPORT_PUBLISH_CONNECTION_ERROR: (
        "The connection is disabled, in error, or its secret was rotated: reconnect, then "
        "re-export."
    ),
    OS.EXPORT_PUBLISH_EVENT_ERROR: (
        "The transport failed and was retried automatically; re-export if it persists."
    ),
    OS.EXPORT_PUBLISH_UNKNOWN_ERROR: "Unclassified: read the import log's JSON result.",
    OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR: "Unclassified: read the import log's JSON result.",
}
_PARTNER_MAPPING = ADVICE[OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR]
_RECONNECT = "The connection is disabled, in error, or its secret was rotated: reconnect."
_TRANSPORT = "The transport failed and is retried automatically; re-export if it persists."
_UNKNOWN = ADVICE[OS.EXPORT_PUBLISH_UNKNOWN_ERROR]
_BROKEN = "None: the counterpart was deleted in the other org, so the link is broken."
# The same table for update results (outbound) and for inbound statuses.
UPDATE_ADVICE: dict[str, str] = {
    OS.UPDATE_PUBLISH_FIELD_MAP_ERROR: ADVICE[OS.EXPORT_PUBLISH_FIELD_MAP_ERROR],
    OS.UPDATE_SUBSCRIBE_FIELD_MAP_ERROR: _PARTNER_MAPPING,
    OS.UPDATE_PUBLISH_CONNECTION_ERROR: _RECONNECT,
    OS.UPDATE_PUBLISH_EVENT_ERROR: _TRANSPORT,
    OS.UPDATE_SUBSCRIBE_RECORD_NOT_FOUND: _BROKEN,
    OS.UPDATE_PUBLISH_UNKNOWN_ERROR: _UNKNOWN,
    OS.UPDATE_SUBSCRIBE_UNKNOWN_ERROR: _UNKNOWN,
}
INBOUND_ADVICE: dict[str, str] = {
    IS.IMPORT_CONNECTED_RECORD_ERROR: _PARTNER_MAPPING,
    IS.UPDATE_FIELD_MAP_ERROR: _PARTNER_MAPPING,
    IS.UPDATE_CONNECTED_RECORD_ERROR: _PARTNER_MAPPING,
    IS.UPDATE_UNKNOWN_ERROR: _UNKNOWN,
}


def outbound_for_error(code: str) -> OutboundStatus:
    """The outbound status of a record the partner org rejected with ``code``.

    A refusal of the record's data is not the mapping's fault: it is filed as a record error
    of the partner org (ExportSubscribeUnknownError, the one Subscribe status not about the
    mapping), with the inbound ImportConctExtlRecError and advice naming the field.
    """
    if code in RECORD_ERROR_CODES:
        return OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR
    if code in FIELD_MAP_ERROR_CODES:
        return OS.EXPORT_SUBSCRIBE_FIELD_MAP_ERROR
    return OS.EXPORT_SUBSCRIBE_UNKNOWN_ERROR


def outbound_for_success(*, partial: bool, skipped: bool = False) -> OutboundStatus:
    """The outbound status of a record that reached the partner org (or needed not to)."""
    if skipped:
        return OS.EXPORT_SUCCESS_SKIPPED
    return OS.EXPORT_SUCCESS_PARTIAL if partial else OS.EXPORT_SUCCESS


def export_status_for(outbound: str, *, current: str, partial: bool = False) -> ExportStatus:
    """The Export Status a record map shows after ``outbound``.

    Update results leave it as it was; a skipped re-export of a record whose payload leaves
    fields out is still only partially exported.
    """
    if outbound == OS.EXPORT_IN_PROGRESS:
        return ExportStatus.IN_PROGRESS
    if outbound == OS.EXPORT_SUCCESS_PARTIAL or (outbound == OS.EXPORT_SUCCESS_SKIPPED and partial):
        return ExportStatus.PARTIAL
    if outbound in (OS.EXPORT_SUCCESS, OS.EXPORT_SUCCESS_SKIPPED):
        return ExportStatus.EXPORTED
    if outbound.startswith("Export"):
        return ExportStatus.FAILED
    return ExportStatus(current)


def is_record_error(code: str) -> bool:
    """Whether the partner org refused the record's own data (fixed on the record, not the
    mapping)."""
    return code in RECORD_ERROR_CODES


def record_error_advice(fields: Sequence[str]) -> str:
    """What to do about a record whose data the partner org refused: correct the named fields."""
    names = list(dict.fromkeys(fields))
    if not names:
        what = "data"
    elif len(names) == 1:
        what = names[0]
    else:
        what = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"The partner org refused this record's data: correct the record's {what} and re-export."


def advice_for(outbound: str, *, code: str = "", fields: Sequence[str] = ()) -> str:
    """What the partner admin can do about a failed export status (and its errorCode)."""
    if outbound.startswith("Export") and is_record_error(code):
        return record_error_advice(fields)
    return ADVICE.get(outbound, "")


def advice_for_statuses(outbound: str, inbound: str, *, code: str = "") -> str:
    """What to do about a record map's outbound and inbound statuses (SPEC, Troubleshooting)."""
    if outbound.startswith("Export") and is_record_error(code):
        return record_error_advice(())
    found = [
        ADVICE.get(outbound) or UPDATE_ADVICE.get(outbound, ""),
        INBOUND_ADVICE.get(inbound, ""),
    ]
    return " ".join(dict.fromkeys(text for text in found if text))
