"""Fault switches of an emulated org: what goes wrong, and for how many calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emulator.state import Org

# Counted switches fail the next N calls, then recover, so a test can watch a retry succeed.
COUNTED_FAULTS = ("status_500", "status_503", "lock_row", "drop_connection", "drop_response")
FLAG_FAULTS = ("token_refused", "request_limit")
# Seconds a closed Bulk API 2.0 job stays queued and in progress before it runs: short, so
# tests and the demo stay quick, but never instant unless a test asks for 0.
BULK_JOB_SECONDS = 1.0
MAX_BULK_JOB_SECONDS = 3600


class FaultInvalid(ValueError):
    """A fault switch name or value the emulator does not know."""


def faults_default() -> dict[str, Any]:
    """Return a fresh set of switches with nothing failing."""
    return {
        **dict.fromkeys(FLAG_FAULTS, False),
        **dict.fromkeys(COUNTED_FAULTS, 0),
        "latency_ms": 0,
        "bulk_job_seconds": BULK_JOB_SECONDS,
        "duplicate_rules": {},
    }


def faults_apply(org: Org, switches: Mapping[str, Any]) -> dict[str, Any]:
    """Set some switches on an org and return them all.

    `expired_token=True` is an action, not a state: it revokes every token issued so far, so
    each REST call answers INVALID_SESSION_ID until a new token is taken.
    """
    for name, value in switches.items():
        if name == "expired_token":
            if value:
                org.tokens.clear()
        elif name in FLAG_FAULTS:
            org.faults[name] = bool(value)
        elif name in (*COUNTED_FAULTS, "latency_ms"):
            org.faults[name] = _count(name, value)
        elif name == "bulk_job_seconds":
            org.faults[name] = _seconds(name, value)
        elif name == "duplicate_rules":
            org.faults[name] = _duplicate_rules(value)
        else:
            raise FaultInvalid(f"unknown fault switch {name!r}")
    return dict(org.faults)


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, int) or value < 0:
        raise FaultInvalid(f"{name} takes a count (a non-negative integer)")
    return value


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FaultInvalid(f"{name} takes a number of seconds")
    if not 0 <= value <= MAX_BULK_JOB_SECONDS:
        raise FaultInvalid(f"{name} takes 0 to {MAX_BULK_JOB_SECONDS} seconds")
    return float(value)


def _duplicate_rules(value: Any) -> dict[str, list[str]]:
    """Validate {"Lead": ["Email"]}: records of the object matching on all fields are duplicates."""
    if not isinstance(value, Mapping) or not all(
        isinstance(fields, list) and all(isinstance(name, str) for name in fields)
        for fields in value.values()
    ):
        raise FaultInvalid('duplicate_rules takes {"Object": ["Field", ...]}')
    return {str(obj): list(fields) for obj, fields in value.items()}


def fault_take(org: Org, name: str) -> bool:
    """Consume one count of a counted switch; True when the current call must fail."""
    if org.faults.get(name, 0) > 0:
        org.faults[name] -= 1
        return True
    return False
