"""Forms of the accounts pages: input parsing only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms


class InvitationAcceptForm(forms.Form):
    """Name and password of the person accepting an invitation."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        """Require the password typed twice the same way."""
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data


class InvitationImportForm(forms.Form):
    """The CSV file of a bulk invitation."""

    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, partner_account, role, super_user, partner_admin, export.",
    )
