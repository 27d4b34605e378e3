"""Template tags that show Partner Connect's status codes as labels with their meaning."""

from __future__ import annotations

from django import template

from sync.statuses import StatusText, inbound_text, outbound_text

register = template.Library()


@register.inclusion_tag("sync/_status.html")
def outbound_status(code: str) -> dict[str, StatusText | None]:
    """``{% outbound_status record_map.outbound_status %}``: label, and meaning below it."""
    return {"status": outbound_text(code)}


@register.inclusion_tag("sync/_status.html")
def inbound_status(code: str) -> dict[str, StatusText | None]:
    """``{% inbound_status record_map.inbound_status %}``: label, and meaning below it."""
    return {"status": inbound_text(code)}
