"""Salesforce-shaped record ids: key prefix, pod, counter and the case-safe checksum."""

from __future__ import annotations

import string

# Salesforce orders base-62 digits 0-9, A-Z, a-z.
_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_CHECKSUM_ALPHABET = string.ascii_uppercase + "012345"

KEY_PREFIXES: dict[str, str] = {
    "Account": "001",
    "Opportunity": "006",
    "Lead": "00Q",
    "Contact": "003",
    "User": "005",
    "Group": "00G",
    "Organization": "00D",
    "Connected_External_Lead__c": "a0X",
    "Connected_External_Opportunity__c": "a0Y",
    "BulkIngestJob": "750",
    "QueryLocator": "01g",
}


def _base62(number: int, width: int) -> str:
    """Encode a non-negative number in `width` base-62 digits."""
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        digits.append(_BASE62[remainder])
    if number:
        raise ValueError("number too large for the id width")
    return "".join(reversed(digits))


def id_checksum(id15: str) -> str:
    """Return the 3-character suffix that makes a 15-character id case-insensitively unique."""
    suffix = ""
    for start in (0, 5, 10):
        flags = sum(1 << bit for bit, char in enumerate(id15[start : start + 5]) if char.isupper())
        suffix += _CHECKSUM_ALPHABET[flags]
    return suffix


def id_make(prefix: str, *, pod: int, number: int) -> str:
    """Build an 18-character id: 3 prefix, 2 pod, a reserved 0, 9 counter, 3 checksum."""
    id15 = f"{prefix}{_base62(pod, 2)}0{_base62(number, 9)}"
    return id15 + id_checksum(id15)


def id_is_valid(value: object) -> bool:
    """Tell whether a value is an 18-character id whose checksum matches."""
    return (
        isinstance(value, str)
        and len(value) == 18
        and value.isalnum()
        and value.isascii()
        and id_checksum(value[:15]) == value[15:]
    )


def id_to_18(value: object) -> str | None:
    """Return the 18-character form of a 15- or 18-character id, or None if it is malformed."""
    if not isinstance(value, str) or not value.isascii() or not value.isalnum():
        return None
    if len(value) == 15:
        return value + id_checksum(value)
    if len(value) == 18 and id_is_valid(value[:15] + value[15:].upper()):
        return value[:15] + value[15:].upper()
    return None
