"""Which database the tests run on."""

from __future__ import annotations

from django.conf import settings


def on_postgres() -> bool:
    """Whether the default database is PostgreSQL (DATABASE_URL set to one), not SQLite."""
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
