"""The demo logins table: who each demo user is and what they should see."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Membership, PartnerRole, User
from devtools.demo.cast import DEMO_EMAILS, DEMO_PASSWORD
from portal.models import (
    Lead,
    LeadUserObjectPermission,
    Opportunity,
    OpportunityUserObjectPermission,
)
from portal.selectors.records import visible_count


@dataclass(frozen=True)
class LoginRow:
    email: str
    company: str
    role: str
    flags: str
    leads: int
    opportunities: int
    sees: str


def _flags(user: User, membership: Membership | None) -> str:
    if membership is None:
        return "superuser" if user.is_superuser else "staff, Vendor admins group"
    flags = [
        label
        for label, on in (
            ("super user", membership.is_super_user),
            ("partner admin", membership.is_partner_admin),
            ("export", membership.can_export),
            ("inactive", not user.is_active),
        )
        if on
    ]
    return ", ".join(flags) or "-"


def _sees(user: User, membership: Membership | None) -> str:
    """Why the user sees what they see, from their place in the companies."""
    if membership is None:
        return "Vendor staff: every record, and Django admin" + (
            "." if user.is_superuser else " with the Vendor admins permissions; channel manager."
        )
    if not user.is_active:
        return "Deactivated: cannot log in, sees nothing, and holds no seat."
    company = membership.partner_account
    parts = ["own records"]
    if membership.role > PartnerRole.USER:
        parts.append(f"records of lower roles in {company}")
    if membership.is_super_user:
        parts.append("records of colleagues with the same role or lower (super user)")
    if membership.role == company.role_count:
        children = [str(c) for c in company.children.order_by("name")]
        if children:
            parts.append(f"records of {', '.join(children)} (top role of its parent account)")
    parts.append(f"records shared with {company}")
    personal = (
        LeadUserObjectPermission.objects.filter(user=user).exists()
        or OpportunityUserObjectPermission.objects.filter(user=user).exists()
    )
    if personal:
        parts.append("records shared with them personally")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def login_rows() -> list[LoginRow]:
    """One row per demo login that exists, in the order of the cast."""
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    rows = []
    for email in DEMO_EMAILS:
        user = users.get(email)
        if user is None:
            continue
        membership = Membership.objects.select_related("partner_account").filter(user=user).first()
        rows.append(
            LoginRow(
                email=email,
                company=str(membership.partner_account) if membership else "Vendor",
                role=membership.get_role_display() if membership else "Vendor staff",
                flags=_flags(user, membership),
                leads=visible_count(Lead, user),
                opportunities=visible_count(Opportunity, user),
                sees=_sees(user, membership),
            )
        )
    return rows


def login_table() -> str:
    """The demo logins as a Markdown table, with the shared password above it."""
    lines = [
        f"Password for every demo login: {DEMO_PASSWORD}",
        "",
        "| email | company | role | flags | leads | opportunities | sees |",
        "|---|---|---|---|---:|---:|---|",
    ]
    for row in login_rows():
        lines.append(
            f"| {row.email} | {row.company} | {row.role} | {row.flags} | {row.leads} "
            f"| {row.opportunities} | {row.sees} |"
        )
    return "\n".join(lines)
