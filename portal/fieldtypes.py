"""Salesforce field types of the vendor records, so later code can tell what may be exported."""

from __future__ import annotations

from enum import StrEnum


class SalesforceType(StrEnum):
    ADDRESS = "Address"
    CHECKBOX = "Checkbox"
    CURRENCY = "Currency"
    DATE = "Date"
    DATETIME = "Date/Time"
    EMAIL = "Email"
    GEOLOCATION = "Geolocation"
    NUMBER = "Number"
    PERCENT = "Percent"
    PHONE = "Phone"
    PICKLIST = "Picklist"
    MULTI_PICKLIST = "Picklist (Multi-Select)"
    TIME = "Time"
    TEXT = "Text"
    TEXT_AREA = "Text Area"
    LONG_TEXT_AREA = "Text Area (Long)"
    RICH_TEXT_AREA = "Text Area (Rich)"
    ENCRYPTED_TEXT = "Text (Encrypted)"
    URL = "URL"
    LOOKUP = "Lookup Relationship"
    AUTO_NUMBER = "Auto Number"


# SPEC, "Supported field types".
EXPORTABLE_TYPES = frozenset(
    {
        SalesforceType.ADDRESS,
        SalesforceType.CHECKBOX,
        SalesforceType.CURRENCY,
        SalesforceType.DATE,
        SalesforceType.DATETIME,
        SalesforceType.EMAIL,
        SalesforceType.GEOLOCATION,
        SalesforceType.NUMBER,
        SalesforceType.PERCENT,
        SalesforceType.PHONE,
        SalesforceType.PICKLIST,
        SalesforceType.TIME,
        SalesforceType.TEXT,
        SalesforceType.TEXT_AREA,
        SalesforceType.URL,
    }
)


def unsupported_reason(sf_type: SalesforceType) -> str | None:
    """Why a field of this type cannot be exported, or None when it can."""
    if sf_type in EXPORTABLE_TYPES:
        return None
    return f"{sf_type} fields cannot be exported by Partner Connect."
