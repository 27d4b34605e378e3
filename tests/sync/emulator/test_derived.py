"""The values the platform computes, on objects narrowed to fewer fields than the default."""

from __future__ import annotations

from typing import Any

from emulator.derived import derived_apply
from emulator.schema import schema_build


def test_a_narrowed_object_without_name_or_address_stores_neither() -> None:
    lead = schema_build({"Lead": ["FirstName", "LastName", "Company", "City"]})["Lead"]
    record: dict[str, Any] = {"FirstName": "Jane", "LastName": "Doe", "City": "Paris"}

    derived_apply(lead, record, {"FirstName", "LastName", "City"})

    assert record == {"FirstName": "Jane", "LastName": "Doe", "City": "Paris"}


def test_the_default_lead_gets_its_name_and_address() -> None:
    lead = schema_build(None)["Lead"]
    record: dict[str, Any] = {"FirstName": None, "LastName": "Doe", "City": None}

    derived_apply(lead, record, {"LastName"})

    assert (record["Name"], record["Address"]) == ("Doe", None)
