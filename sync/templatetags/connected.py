"""Template tags for the Connected External Leads / Opportunities related lists."""

from __future__ import annotations

from typing import Any

from django import template

from portal.models import Lead, Opportunity
from sync.selectors.connected import ConnectedRow, connected_rows_for

register = template.Library()


@register.simple_tag
def connected_rows(record: Any, viewer: Any) -> list[ConnectedRow]:
    """The record's connected records the viewer is shown (empty for other kinds of record)."""
    if not isinstance(record, Lead | Opportunity) or not viewer.is_authenticated:
        return []
    return connected_rows_for(viewer=viewer, record=record)
