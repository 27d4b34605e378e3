"""Domain errors of Partner Connect; each names its category and its message fits the user."""

from core.errors import Conflict, Invalid, NotPermitted


class ConnectionNotEnabled(Conflict):
    """The partner company has no connection, or it is not Enabled."""

    code = "connection_not_enabled"


class ConnectionInvalid(Invalid):
    """Credentials or connection settings were refused."""


class ActionNotPermitted(NotPermitted):
    """The actor may not set up or change this connection or mapping."""


class MappingInvalid(Invalid):
    """A field mapping breaks a rule (type, length, update-field limit, describe).

    ``problems`` maps what is wrong (a vendor field name, or a form field such as
    ``default_owner_id``; ``""`` for the mapping as a whole) to its message.
    """


class ExportRefused(Invalid):
    """An export was refused before anything was created."""


class ExportNotPermitted(NotPermitted, ExportRefused):
    """The actor may not export at all: no company, no seat, or no export permission."""


class ExportBusy(Conflict, ExportRefused):
    """Selected records are still being exported by another job; a retry later may succeed."""


class ConnectionStateInvalid(Conflict):
    """The connection is in a state that does not allow this change (disable, reconnect ...)."""


class DeleteNotConfirmed(Invalid):
    """The typed confirmation of a connection delete did not match the company name."""
