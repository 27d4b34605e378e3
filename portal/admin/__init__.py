"""Django admin of the vendor records and their sharing; each module registers its models."""

from portal.admin import records, sharing

__all__ = ["records", "sharing"]
