"""One parser for ids and whole numbers from request text."""

from __future__ import annotations

import pytest

from core.ids import MAX_DB_INT, parse_id, parse_ids, parse_int


@pytest.mark.parametrize(
    "text",
    [
        "²",
        "١٢",
        "\uff11\uff12",
        "12a",
        "-1",
        "+1",
        "1.0",
        "",
        " ",
        "0x1f",
        str(MAX_DB_INT + 1),
        "9" * 40,
    ],
)
def test_anything_but_ascii_digits_within_the_database_range_is_refused(text):
    assert parse_int(text) is None
    assert parse_id(text) is None


def test_ascii_digits_are_read_and_an_id_is_at_least_one():
    assert parse_int(" 12 ") == 12
    assert parse_int("0") == 0
    assert parse_id("0") is None
    assert parse_id(str(MAX_DB_INT)) == MAX_DB_INT
    assert parse_id(7) == 7
    assert parse_id(True) is None
    assert parse_int("5", maximum=4) is None


def test_ids_keep_their_order_once_each_and_the_rest_is_reported():
    assert parse_ids(["3", "١٢", "1", "3", "x"]) == ([3, 1], ["١٢", "x"])
