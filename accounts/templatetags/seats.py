"""Template tags for vendor pages: the PRM seat summary."""

from django import template

from accounts.services.seats import SeatSummary, seat_summary

register = template.Library()


@register.simple_tag(name="seat_summary")
def seat_summary_tag() -> SeatSummary:
    """Seats purchased and used, for display."""
    return seat_summary()
