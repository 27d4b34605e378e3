"""What the accounts admin pages share: which form field shows each kind of refusal."""

from __future__ import annotations

from accounts.errors import DomainError, HierarchyInvalid, RoleNotUsed, SeatPoolBelowUsage

DEFAULT_ERROR_FIELDS: dict[type[DomainError], str] = {
    HierarchyInvalid: "parent",
    RoleNotUsed: "role",
    SeatPoolBelowUsage: "seats_purchased",
}
