"""Partner Connect settings: the Salesforce seam, export, two-way updates and failure emails.

Read from the environment by config/settings.py, which imports each name.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_str

# Partner Connect: the Salesforce seam and export.
# Empty: real Salesforce. A URL: every Salesforce call is routed to the org emulator there.
SALESFORCE_EMULATOR_URL = env_str("SALESFORCE_EMULATOR_URL", "").rstrip("/")
SALESFORCE_API_VERSION = env_str("SALESFORCE_API_VERSION", "62.0")
SALESFORCE_TIMEOUT_SECONDS = env_int("SALESFORCE_TIMEOUT_SECONDS", 30)
EXPORT_MAX_RECORDS = env_int("EXPORT_MAX_RECORDS", 1000)
EXPORT_BULK_THRESHOLD = env_int("EXPORT_BULK_THRESHOLD", 2000)
EXPORT_MAX_ATTEMPTS = env_int("EXPORT_MAX_ATTEMPTS", 5)
EXPORT_RETRY_BASE_SECONDS = env_int("EXPORT_RETRY_BASE_SECONDS", 30)
EXPORT_LIMIT_DEFER_SECONDS = env_int("EXPORT_LIMIT_DEFER_SECONDS", 900)


def _export_lease_seconds() -> int:
    """How long a running job is its worker's without a renewal; raise when too short."""
    seconds = env_int("EXPORT_LEASE_SECONDS", 20)
    if seconds < 4:
        raise ImproperlyConfigured(
            f"EXPORT_LEASE_SECONDS={seconds} is too short: the running worker renews the lease "
            "every quarter of it, so it must be at least 4."
        )
    return seconds


def _export_resume_sweep_seconds() -> int:
    """How often the resume sweep runs; raise on a period the scheduler cannot keep."""
    seconds = env_int("EXPORT_RESUME_SWEEP_SECONDS", 30)
    if seconds != 30 and (seconds <= 0 or seconds % 60):
        raise ImproperlyConfigured(
            f"EXPORT_RESUME_SWEEP_SECONDS={seconds} cannot be kept: django-q2's scheduler looks "
            "for due schedules every 30 seconds, so use 30 or a whole number of minutes "
            "(60, 120 ...)."
        )
    return seconds


# A running export job holds a lease that its worker renews while it works; a job whose lease
# ran out (its worker died) is resumed by the next sweep, so it comes back within about
# lease + sweep seconds (under a minute by default).
EXPORT_LEASE_SECONDS = _export_lease_seconds()
EXPORT_RESUME_SWEEP_SECONDS = _export_resume_sweep_seconds()
# Two-way updates: the per-connection poll interval, and how long edits of one record are
# gathered into a single push.
UPDATE_POLL_SECONDS = env_int("UPDATE_POLL_SECONDS", 60)
UPDATE_PUSH_WINDOW_SECONDS = env_int("UPDATE_PUSH_WINDOW_SECONDS", 1)
# A connection's failure emails: the first at once, later ones gathered into one digest per
# this many minutes.
FAILURE_EMAIL_DIGEST_MINUTES = env_int("FAILURE_EMAIL_DIGEST_MINUTES", 60)
