"""How a record's values read on the site: one money, date and date-time style everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

register = template.Library()


def money(amount: Decimal | int | float) -> str:
    """``$500,000.00``: the currency symbol, thousands grouped, two decimals."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{settings.CURRENCY_SYMBOL}{abs(Decimal(amount)):,.2f}"


@register.filter
def shown(value: Any) -> Any:
    """A value as a page shows it: money, dates and times in the site's formats, "" for none.

    Every Decimal a record holds is an amount of money (amount, annual revenue); a naive
    date-time is local time (the list columns), and is shown with the site's time zone.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, dt.datetime):
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        return date_filter(timezone.localtime(aware), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_filter(value, "DATE_FORMAT")
    return value
