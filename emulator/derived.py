"""Values the platform computes on every write: compound fields (a person's Name, addresses)
and Opportunity's stage-driven and close-date-driven fields. The API never takes them."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from emulator.fieldspec import ObjectSpec

CLOSED_STAGES = {"Closed Won": "Closed", "Closed Lost": "Omitted"}
# The default probability of each stage of a new org's sales process.
STAGE_PROBABILITIES = {
    "Prospecting": 10, "Qualification": 10, "Needs Analysis": 20, "Value Proposition": 50,
    "Id. Decision Makers": 60, "Perception Analysis": 70, "Proposal/Price Quote": 75,
    "Negotiation/Review": 90, "Closed Won": 100, "Closed Lost": 0,
}  # fmt: skip
# ForecastCategoryName holds the labels, ForecastCategory the API values behind them.
_FORECAST_VALUES = {"Best Case": "BestCase", "Commit": "Forecast"}
_ADDRESS_PARTS = {
    "Street": "street",
    "City": "city",
    "State": "state",
    "PostalCode": "postalCode",
    "Country": "country",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "GeocodeAccuracy": "geocodeAccuracy",
}


Rule = Callable[[ObjectSpec, dict[str, Any], Collection[str]], dict[str, Any]]


def _person_name(obj: ObjectSpec, record: dict[str, Any], _: Collection[str]) -> dict[str, Any]:
    """Name is FirstName and LastName joined, when the object builds Name from them."""
    names = {spec.name for spec in obj.components_of("Name")}
    if "Name" not in obj.fields or not {"FirstName", "LastName"} <= names:
        return {}
    parts = [record.get("FirstName"), record.get("LastName")]
    return {"Name": " ".join(str(part) for part in parts if part) or None}


def _address_value(obj: ObjectSpec, compound: str, record: dict[str, Any]) -> Any:
    """The compound address as the REST API returns it, or None when every part is empty."""
    prefix = compound.removesuffix("Address")
    value = {
        key: record.get(f"{prefix}{part}")
        for part, key in _ADDRESS_PARTS.items()
        if f"{prefix}{part}" in obj.fields
    }
    if not any(part is not None for part in value.values()):
        return None
    # State and country picklists are off: their codes are always there, and null.
    return dict(sorted({**value, "stateCode": None, "countryCode": None}.items()))


def _addresses(obj: ObjectSpec, record: dict[str, Any], _: Collection[str]) -> dict[str, Any]:
    return {
        spec.name: _address_value(obj, spec.name, record)
        for spec in obj.fields.values()
        if spec.type == "address"
    }


def _forecast_category(record: dict[str, Any], changed: Collection[str]) -> str:
    """The category given in this write, else the stage's own once the stage changes."""
    given = record.get("ForecastCategoryName")
    if given and ("ForecastCategoryName" in changed or "StageName" not in changed):
        return str(given)
    return CLOSED_STAGES.get(str(record.get("StageName")), "Pipeline")


def _opportunity(
    obj: ObjectSpec, record: dict[str, Any], changed: Collection[str]
) -> dict[str, Any]:
    """IsClosed, IsWon, forecast category, expected revenue and fiscal period."""
    if obj.name != "Opportunity":
        return {}
    stage = record.get("StageName")
    category = _forecast_category(record, changed)
    probability = record.get("Probability")
    if "StageName" in changed and "Probability" not in changed:
        default = STAGE_PROBABILITIES.get(str(stage))
        probability = probability if default is None else float(default)
    amount = record.get("Amount")
    close = str(record.get("CloseDate") or "")
    year, quarter = (int(close[:4]), (int(close[5:7]) - 1) // 3 + 1) if close else (None, None)
    values = {
        "Probability": probability,
        "IsClosed": stage in CLOSED_STAGES,
        "IsWon": stage == "Closed Won",
        "ForecastCategory": _FORECAST_VALUES.get(category, category),
        "ForecastCategoryName": category,
        "ExpectedRevenue": (
            None if amount is None or probability is None else round(amount * probability / 100, 2)
        ),
        "FiscalYear": year,
        "FiscalQuarter": quarter,
        "Fiscal": f"{year} {quarter}" if year else None,
    }
    return {name: value for name, value in values.items() if name in obj.fields}


_RULES: tuple[Rule, ...] = (
    _person_name,
    _addresses,
    _opportunity,
)


def derived_apply(obj: ObjectSpec, record: dict[str, Any], changed: Collection[str]) -> None:
    """Recompute the platform's fields of one record in place, after a write of `changed`."""
    for rule in _RULES:
        record.update(rule(obj, record, changed))
