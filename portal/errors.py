"""Domain errors of the vendor records."""

from accounts.errors import DomainError


class NotVisible(DomainError):
    """The user may not see the record; shown as 404, never 403."""


class NotEditable(DomainError):
    """The user sees the record but may not change it this way."""


class ShareInvalid(DomainError):
    """The share target or access level is not allowed."""
