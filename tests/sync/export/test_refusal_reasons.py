"""An export refusal names its true reason: the permission, the company, or the membership."""

from __future__ import annotations

import pytest

from accounts.models import PartnerRole
from accounts.services.memberships import membership_update, partner_account_set_active
from sync.errors import ExportNotPermitted
from sync.models import ObjectType
from sync.services.export.start import export_start
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _refusal(actor) -> str:
    lead = LeadFactory.create(owner=actor)
    with pytest.raises(ExportNotPermitted) as refused:
        export_start(actor=actor, object_type=ObjectType.LEAD, record_ids=[lead.pk])
    return refused.value.message


def test_a_user_without_the_permission_is_told_so_not_that_a_seat_is_inactive(
    connection, company, member
):
    plain = member(company, PartnerRole.USER).user  # no flag, so no seat either
    message = _refusal(plain)
    assert message == (
        "You do not have the Export Vendor Records permission. Ask your partner admin."
    )


def test_an_exporter_of_an_inactive_company_is_told_the_company_is_inactive(
    connection, exporter, company
):
    partner_account_set_active(actor=None, account=company, is_active=False)
    exporter.refresh_from_db()
    assert _refusal(exporter).startswith("Acme Partners is inactive in the partner program")


def test_an_exporter_whose_membership_is_inactive_is_told_so(connection, exporter):
    membership_update(actor=None, membership=exporter.membership, is_active=False)
    exporter.refresh_from_db()
    assert "your membership of Acme Partners is inactive" in _refusal(exporter)
