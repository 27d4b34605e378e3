"""Bulk invitations from CSV: a report line per row, nothing created for a bad file."""

from __future__ import annotations

import io

import pytest

from accounts.models import Invitation, PartnerRole
from accounts.services.invitation_import import (
    ImportFileInvalid,
    ImportRow,
    invitations_import_csv,
)
from tests.factories import PartnerAccountFactory, UserFactory


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_each_row_is_created_or_rejected_with_its_reason(
    seats, staff, company, django_capture_on_commit_callbacks, mailoutbox
):
    seats(1)
    PartnerAccountFactory.create(name="Small", role_count=1)
    UserFactory.create(email="taken@p.example.com")
    text = (
        "email,partner_account,role,super_user,partner_admin,export\n"
        "ann@p.example.com,Acme Partners,Manager,yes,,\n"
        "bob@p.example.com,acme partners,User,,yes,\n"
        "not-an-email,Acme Partners,User,,,\n"
        "cy@p.example.com,Nowhere Inc,User,,,\n"
        "dee@p.example.com,Acme Partners,Boss,,,\n"
        "ANN@p.example.com,Acme Partners,User,,,\n"
        "eve@p.example.com,Acme Partners,User,,,1\n"
        "fay@p.example.com,Small,Executive,,,\n"
        "taken@p.example.com,Acme Partners,User,,,\n"
        "gus@p.example.com,Acme Partners,User,maybe,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = invitations_import_csv(actor=staff, file=_csv(text))

    reasons = [(row.number, row.email, row.created, row.reason[:40]) for row in report.rows]
    assert reasons == [
        (2, "ann@p.example.com", True, ""),
        (3, "bob@p.example.com", True, ""),
        (4, "not-an-email", False, "'not-an-email' is not a valid email addr"),
        (5, "cy@p.example.com", False, "No partner account is named 'Nowhere Inc"),
        (6, "dee@p.example.com", False, "Role must be User, Manager or Executive,"),
        (7, "ann@p.example.com", False, "ann@p.example.com appears earlier in thi"),
        (8, "eve@p.example.com", False, "Inviting eve@p.example.com as partner ad"),
        (9, "fay@p.example.com", False, "Small uses only these partner roles: Use"),
        (10, "taken@p.example.com", False, "taken@p.example.com already has an accou"),
        (11, "gus@p.example.com", False, "super_user must be yes or no, not 'maybe"),
    ]
    assert (report.created, report.rejected) == (2, 8)
    ann, bob = Invitation.objects.order_by("email")
    assert (ann.role, ann.is_super_user, ann.is_partner_admin) == (PartnerRole.MANAGER, True, False)
    assert (bob.role, bob.is_partner_admin, bob.partner_account) == (1, True, company)
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@p.example.com", "bob@p.example.com"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a UTF-8 CSV file"),
        (b"ann@p.example.com,Acme Partners,User\n", "missing: email, partner_account, role"),
        (b"email,role\nann@p.example.com,User\n", "missing: partner_account"),
        (b"", "missing: email, partner_account, role"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_created(staff, company, content, message):
    with pytest.raises(ImportFileInvalid, match=message):
        invitations_import_csv(actor=staff, file=io.BytesIO(content))
    assert Invitation.objects.count() == 0


def test_header_names_are_case_insensitive_and_flags_optional(staff, company):
    report = invitations_import_csv(
        actor=staff, file=_csv("Email,Partner_Account,Role\nzed@p.example.com,Acme Partners,user\n")
    )
    assert report.rows == [ImportRow(2, "zed@p.example.com", True)]
    assert Invitation.objects.get().can_export is False
