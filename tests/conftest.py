"""The whole suite: its shared fixtures, registered once as plugins (tests/fixtures/), and the
skips that depend on the database, declared once for their markers."""

from __future__ import annotations

import pytest

from tests.helpers.database import on_postgres

pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.browser",
    "tests.fixtures.api",
    "tests.fixtures.orgs",
    "tests.fixtures.export",
    "tests.fixtures.updates",
    "tests.fixtures.lifecycle",
]

NEEDS_POSTGRES = "needs PostgreSQL: set DATABASE_URL to a PostgreSQL database"
NEEDS_SQLITE = "checks what SQLite does: run without DATABASE_URL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked `postgres` on SQLite and those marked `sqlite` on PostgreSQL."""
    marker, reason = ("sqlite", NEEDS_SQLITE) if on_postgres() else ("postgres", NEEDS_POSTGRES)
    for item in items:
        if item.get_closest_marker(marker):
            item.add_marker(pytest.mark.skip(reason=reason))
