"""Fixtures of the disable / reconnect / delete tests: a vendor admin and exported leads."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.factories import StaffFactory
from tests.sync.export.conftest import (  # noqa: F401
    connection,
    exporter,
    org,
    org_connection,
    partner_admin,
)
from tests.sync.updates.conftest import exported_leads, no_push_window  # noqa: F401

VENDOR_PERMS = ("change_connection", "view_connection", "delete_connection")


@pytest.fixture
def vendor_admin(db: None) -> User:
    """Vendor staff allowed to change and delete connections."""
    user = StaffFactory.create(email="vendor.admin@vendor.example.com")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="sync", codename__in=VENDOR_PERMS)
    )
    return user
