"""Domain errors of partner companies, people and seats; each names its category."""

from core.errors import Conflict, Invalid


class SeatLimitReached(Conflict):
    """Granting would take more PRM seats than the vendor purchased."""

    code = "seat_limit_reached"


class SeatPoolBelowUsage(Conflict):
    """The seat pool cannot shrink below the seats in use."""


class HierarchyInvalid(Invalid):
    """A parent partner account would make a cycle or a hierarchy deeper than five levels."""


class RoleNotUsed(Invalid):
    """The partner company does not use the requested role."""


class InvitationInvalid(Invalid):
    """The invitation link is expired, revoked, already used or tampered with."""


class InvitationConflict(Conflict):
    """The invitation cannot be created or changed as asked."""
