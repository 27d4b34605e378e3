"""Domain errors of the vendor records; each names its category."""

from core.errors import Invalid, NotFound, NotPermitted


class NotVisible(NotFound):
    """The user may not see the record; shown as 404, never 403."""


class NotEditable(NotPermitted):
    """The user sees the record but may not change it this way."""


class ShareInvalid(Invalid):
    """The share target or access level is not allowed."""
