"""Django admin for Partner Connect; each part registers its own models."""

from sync import (  # noqa: F401
    admin_connected,
    admin_connections,
    admin_export,
    admin_notices,
    admin_report,
)
