"""Ids and whole numbers from request text: one parser for every page of the site.

``str.isdigit()`` accepts superscripts and Arabic-Indic or full-width digits, and ``int()``
turns the last two into numbers, so a check built on them lets other scripts' digits through,
and numbers past what the database stores reach a query (a 500). Here a value is ASCII digits
only, within the database's 64-bit integer range, or it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The largest value a PostgreSQL bigint (and an SQLite integer) holds.
MAX_DB_INT = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value: object, *, minimum: int = 0, maximum: int = MAX_DB_INT) -> int | None:
    """The whole number ``value`` spells in ASCII digits within [minimum, maximum], else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A database id (1 or more, within the database's range) from ``value``, else None."""
    return parse_int(value, minimum=1)


def parse_ids(values: Iterable[object]) -> tuple[list[int], list[str]]:
    """The distinct ids among ``values`` in their order, and the values that are not ids."""
    ids: dict[int, None] = {}
    bad: list[str] = []
    for value in values:
        parsed = parse_id(value)
        if parsed is None:
            bad.append(str(value))
        else:
            ids[parsed] = None
    return list(ids), bad
