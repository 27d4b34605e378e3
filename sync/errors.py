"""Domain errors of Partner Connect; each message is fit to show to the user."""

from accounts.errors import DomainError


class ConnectionNotEnabled(DomainError):
    """The partner company has no connection, or it is not Enabled."""


class ConnectionInvalid(DomainError):
    """Credentials or connection settings were refused."""


class ActionNotPermitted(DomainError):
    """The actor may not set up or change this connection or mapping."""


class MappingInvalid(DomainError):
    """A field mapping breaks a rule (type, length, update-field limit, describe).

    ``problems`` maps what is wrong (a vendor field name, or a form field such as
    ``default_owner_id``; ``""`` for the mapping as a whole) to its message.
    """

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or {}


class ExportRefused(DomainError):
    """An export was refused before anything was created."""


class ExportNotPermitted(ExportRefused):
    """The actor may not export at all: no company, no seat, or no export permission."""


class ExportBusy(ExportRefused):
    """Selected records are still being exported by another job; a retry later may succeed."""


class ConnectionStateInvalid(DomainError):
    """The connection is in a state that does not allow this change (disable, reconnect ...)."""


class DeleteNotConfirmed(DomainError):
    """The typed confirmation of a connection delete did not match the company name."""
