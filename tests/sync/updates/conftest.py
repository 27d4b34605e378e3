"""Fixtures of the update tests: exported records in an emulated org, and ways to push them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from accounts.models import User
from portal.models import Lead
from sync.models import ObjectType
from tests.helpers.export import export_and_run, many_leads
from tests.sync.export.conftest import (  # noqa: F401
    connection,
    exporter,
    org,
    org_connection,
    partner_admin,
)


@pytest.fixture(autouse=True)
def no_push_window(settings: Settings) -> None:
    """Queued changes are due at once unless a test sets a window."""
    settings.UPDATE_PUSH_WINDOW_SECONDS = 0


@pytest.fixture
def exported_leads(
    org: Any,  # noqa: F811
    org_connection: Any,  # noqa: F811
    exporter: User,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., list[Lead]]:
    """make(count, **values): leads of the exporter, exported to the emulated org."""

    def make(count: int = 1, **values: Any) -> list[Lead]:
        leads = many_leads(exporter, count, **values)
        job = export_and_run(
            django_capture_on_commit_callbacks,
            exporter,
            ObjectType.LEAD,
            [lead.pk for lead in leads],
        )
        assert job.succeeded == count
        return leads

    return make
