"""Fixtures of the people and sharing endpoint tests: vendor admins with chosen permissions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.factories import StaffFactory


@pytest.fixture
def vendor_admin(db: None) -> Callable[..., User]:
    """vendor_admin("accounts.view_membership", ...): active staff holding exactly those perms."""

    def make(*perms: str) -> User:
        user = StaffFactory.create()
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return User.objects.get(pk=user.pk)  # a fresh instance: no stale permission cache

    return make
