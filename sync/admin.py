"""Django admin for Partner Connect; each part registers its own models."""

from sync import admin_connected, admin_connections, admin_export, admin_report  # noqa: F401
