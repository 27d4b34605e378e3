"""The database a benchmark command runs on, chosen by ``--database-url``."""

from __future__ import annotations

import dj_database_url
from django.conf import settings
from django.db import connections


def use_database(url: str) -> None:
    """Point the default connection at ``url`` for the rest of this process."""
    connections["default"].close()
    settings.DATABASES["default"] = dj_database_url.parse(url)
    connections.__dict__["settings"] = connections.configure_settings(settings.DATABASES)
    del connections["default"]
