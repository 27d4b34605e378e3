"""Fixtures of the failure-email tests: exported records in an emulated org, as the update tests."""

from tests.sync.export.conftest import (  # noqa: F401
    connection,
    exporter,
    org,
    org_connection,
    partner_admin,
)
from tests.sync.updates.conftest import exported_leads, no_push_window  # noqa: F401
