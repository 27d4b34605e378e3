"""The PRM seat rule: the only code that counts seats, always under the pool row lock."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.errors import SeatLimitReached, SeatPoolBelowUsage
from accounts.models import (
    SEAT_HOLDER_Q,
    Invitation,
    InvitationStatus,
    Membership,
    PartnerAccount,
    SeatPool,
    User,
)
from accounts.selectors import vendor_admin_require


@dataclass(frozen=True)
class SeatSummary:
    purchased: int
    used: int

    @property
    def free(self) -> int:
        return max(self.purchased - self.used, 0)

    @property
    def ratio(self) -> float:
        return self.used / self.purchased if self.purchased else (1.0 if self.used else 0.0)

    @property
    def is_warning(self) -> bool:
        """At or above the warning ratio (90 % by default)."""
        return self.purchased > 0 and self.ratio >= settings.SEAT_WARNING_RATIO


def seat_holders() -> QuerySet[Membership]:
    """Memberships that hold a PRM seat right now."""
    return Membership.objects.filter(SEAT_HOLDER_Q)


def with_seats_used(accounts: QuerySet[PartnerAccount]) -> QuerySet[PartnerAccount]:
    """The companies, each annotated ``seats_total``: its seats in use (one subquery)."""
    seats = (
        seat_holders()
        .filter(partner_account=OuterRef("pk"))
        .values("partner_account")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return accounts.annotate(seats_total=Coalesce(Subquery(seats), 0))


def seat_summary() -> SeatSummary:
    """Seats purchased and used, read without a lock (for display)."""
    pool = SeatPool.objects.first()
    return SeatSummary(purchased=pool.seats_purchased if pool else 0, used=seat_holders().count())


def _lock_pool() -> SeatPool:
    pool, _ = SeatPool.objects.select_for_update().get_or_create(pk=1)
    return pool


@transaction.atomic
def seats_require(*, extra: int, what: str) -> None:
    """Lock the pool and raise SeatLimitReached unless ``extra`` more seats are free.

    Callers run this inside their own transaction, before saving the change that takes the
    seats, so the lock is held until that change commits.
    """
    pool = _lock_pool()
    if extra <= 0:
        return
    used = seat_holders().count()
    free = pool.seats_purchased - used
    if extra > free:
        raise SeatLimitReached(
            f"{what} needs {extra} PRM seat{'s' if extra != 1 else ''}, but "
            f"{max(free, 0)} of {pool.seats_purchased} are free. Buy more seats or free one "
            "by revoking a partner admin or export permission."
        )


def membership_holds_seat(membership: Membership) -> bool:
    """Whether the membership, as it is in memory, would hold a seat."""
    return bool(
        membership.is_active
        and membership.user.is_active
        and membership.partner_account.is_active
        and membership.needs_seat
    )


@transaction.atomic
def seat_pool_set(*, actor: User | None, seats_purchased: int) -> SeatPool:
    """Set the number of purchased seats; refuse to go below the seats in use."""
    vendor_admin_require(actor, "accounts.change_seatpool", what="change the seat pool")
    pool = _lock_pool()
    used = seat_holders().count()
    if seats_purchased < used:
        raise SeatPoolBelowUsage(
            f"{used} seats are in use; the pool cannot shrink to {seats_purchased}. "
            "Free seats first."
        )
    pool.seats_purchased = seats_purchased
    pool.save(update_fields=["seats_purchased", "updated_at"])
    return pool


@transaction.atomic
def seats_require_for_invitation(*, what: str, exclude_invitation_id: int | None = None) -> None:
    """Lock the pool and raise SeatLimitReached unless a seat is free beyond those reserved.

    An open (requested, or sent and not expired) invitation that carries a seat capability
    reserves a seat, so inviting cannot promise more seats than the vendor purchased.
    """
    pool = _lock_pool()
    reserving = Invitation.objects.filter(Q(is_partner_admin=True) | Q(can_export=True)).filter(
        Q(status=InvitationStatus.REQUESTED)
        | Q(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())
    )
    if exclude_invitation_id is not None:
        reserving = reserving.exclude(pk=exclude_invitation_id)
    reserved = reserving.count()
    used = seat_holders().count()
    free = pool.seats_purchased - used - reserved
    if free < 1:
        raise SeatLimitReached(
            f"{what} needs a PRM seat, but none of {pool.seats_purchased} is free: {used} in use "
            f"and {reserved} reserved by open invitations. Buy more seats, revoke an open "
            "invitation, or free a seat by revoking a partner admin or export permission."
        )
