"""Domain errors: each carries a message fit to show the user."""


class DomainError(Exception):
    """A rule said no; ``message`` tells the user why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SeatLimitReached(DomainError):
    """Granting would take more PRM seats than the vendor purchased."""


class SeatPoolBelowUsage(DomainError):
    """The seat pool cannot shrink below the seats in use."""


class HierarchyInvalid(DomainError):
    """A parent partner account would make a cycle or a hierarchy deeper than five levels."""


class RoleNotUsed(DomainError):
    """The partner company does not use the requested role."""


class NotPermitted(DomainError):
    """The actor may not make this change (shown as 403 with the message)."""


class InvitationInvalid(DomainError):
    """The invitation link is expired, revoked, already used or tampered with."""


class InvitationConflict(DomainError):
    """The invitation cannot be created or changed as asked."""
