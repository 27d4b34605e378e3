"""Django admin for Partner Connect; each part registers its own models."""

from sync.admin import connected, connections, export, notices, report

__all__ = ["connected", "connections", "export", "notices", "report"]
