"""The site's form for a new personal API token."""

from __future__ import annotations

from django import forms

from api.tokens.services import EXPIRY_CHOICES

NEVER = "never"


def _days(value: str) -> int | None:
    return None if value == NEVER else int(value)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What the token is for, to tell it apart later (e.g. “CRM sync”).",
    )
    expiry_days = forms.TypedChoiceField(
        label="Expires after",
        choices=[(NEVER if days is None else str(days), label) for days, label in EXPIRY_CHOICES],
        coerce=_days,
        empty_value=None,
        initial="90",
        help_text="An expired token is refused; create a new one then.",
    )
