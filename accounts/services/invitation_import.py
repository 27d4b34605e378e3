"""Bulk invitations from a CSV file, each row through invitation_create."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import PartnerAccount, PartnerRole, User
from accounts.selectors import vendor_admin_require
from accounts.services.invitations import invitation_create
from core.errors import DomainError, Invalid

COLUMNS = ("email", "partner_account", "role", "super_user", "partner_admin", "export")
REQUIRED_COLUMNS = ("email", "partner_account", "role")
TRUE_WORDS = {"yes", "true", "1", "y"}
FALSE_WORDS = {"no", "false", "0", "n", ""}
ROLES = {label.lower(): value for value, label in PartnerRole.choices}


class ImportFileInvalid(Invalid):
    """The uploaded file is not a CSV file with the expected header."""


@dataclass(frozen=True)
class ImportRow:
    number: int
    email: str
    created: bool
    reason: str = ""


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.created)

    @property
    def rejected(self) -> int:
        return len(self.rows) - self.created


def _flag(value: str, column: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid(f"{column} must be yes or no, not {value!r}.")


def _read(file: IO[bytes]) -> list[dict[str, str]]:
    """Decode the upload and return its rows; raise ImportFileInvalid for a bad file."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileInvalid("The file is not a UTF-8 CSV file.") from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [name.strip().lower() for name in reader.fieldnames or []]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ImportFileInvalid(
                f"The first line must be a header with the columns {', '.join(COLUMNS)}; "
                f"missing: {', '.join(missing)}."
            )
        reader.fieldnames = header
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error as error:
        raise ImportFileInvalid(f"The file is not a valid CSV file: {error}.") from None


def _row_kwargs(row: dict[str, str], companies: dict[str, PartnerAccount]) -> dict[str, object]:
    """Turn one CSV row into invitation_create arguments; raise Invalid for bad values."""
    try:
        validate_email(row["email"])
    except ValidationError:
        raise Invalid(f"{row['email']!r} is not a valid email address.") from None
    company = companies.get(row["partner_account"].lower())
    if company is None:
        raise Invalid(f"No partner account is named {row['partner_account']!r}.")
    role = ROLES.get(row["role"].lower())
    if role is None:
        raise Invalid(f"Role must be User, Manager or Executive, not {row['role']!r}.")
    return {
        "email": row["email"],
        "partner_account": company,
        "role": role,
        "is_super_user": _flag(row.get("super_user", ""), "super_user"),
        "is_partner_admin": _flag(row.get("partner_admin", ""), "partner_admin"),
        "can_export": _flag(row.get("export", ""), "export"),
    }


def invitations_import_csv(*, actor: User | None, file: IO[bytes]) -> ImportReport:
    """Create an invitation per CSV row, each in its own savepoint; report every row."""
    vendor_admin_require(actor, "accounts.add_invitation", what="invite people")
    rows = _read(file)
    companies = {account.name.lower(): account for account in PartnerAccount.objects.all()}
    report, seen = ImportReport(), set()
    for number, row in enumerate(rows, start=2):
        email = row.get("email", "").lower()
        try:
            if email in seen:
                raise Invalid(f"{email} appears earlier in this file.")
            seen.add(email)
            with transaction.atomic():
                invitation_create(actor=actor, **_row_kwargs(row, companies))  # type: ignore[arg-type]
        except DomainError as error:
            report.rows.append(ImportRow(number, email, False, error.message))
        else:
            report.rows.append(ImportRow(number, email, True))
    return report
