"""What the accounts admin pages share: which form field shows each kind of refusal."""

from __future__ import annotations

from accounts.errors import HierarchyInvalid, RoleNotUsed, SeatPoolBelowUsage
from core.errors import DomainError

DEFAULT_ERROR_FIELDS: dict[type[DomainError], str] = {
    HierarchyInvalid: "parent",
    RoleNotUsed: "role",
    SeatPoolBelowUsage: "seats_purchased",
}
