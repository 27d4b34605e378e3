"""Forms of the partner site: input parsing only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from accounts.models import PartnerAccount, PartnerRole
from portal.listviews import ListSpec, ListState
from portal.models import NOTE_MAX_LENGTH


class ListFilterForm(forms.Form):
    """Search and filters of a list page; choices come from the list's declarations."""

    q = forms.CharField(label="Search", required=False, max_length=200)

    def __init__(self, spec: ListSpec, owners: list[tuple[int, str]], state: ListState) -> None:
        super().__init__(data=None, initial=state.filters, auto_id="filter-%s")
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": ", ".join(_search_hint(spec))}
        )
        for choice in spec.choice_filters:
            self.fields[choice.key] = forms.ChoiceField(
                label=choice.label, required=False, choices=[("", "Any"), *choice.choices]
            )
        self.fields["owner"] = forms.ChoiceField(
            label="Owner", required=False, choices=[("", "Anyone"), *owners]
        )
        for added in spec.added:
            if added.filter_values:
                self.fields[added.column.key] = forms.ChoiceField(
                    label=added.column.label,
                    required=False,
                    choices=[("", "Any"), *((value, value) for value in added.filter_values)],
                )


def _search_hint(spec: ListSpec) -> list[str]:
    labels = {"first_name": "name", "last_name": "", "account__name": "account name"}
    hints = [labels.get(f, f.replace("_", " ")) for f in spec.search_fields]
    return [h for h in dict.fromkeys(hints) if h]


class ListViewSaveForm(forms.Form):
    name = forms.CharField(label="View name", max_length=100)
    is_default = forms.BooleanField(label="Open the list with this view", required=False)


class NoteForm(forms.Form):
    # No maxlength attribute: a browser would cut a pasted note silently. The page counts the
    # characters as they are typed, and the note service refuses a longer note with a message.
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3, "data-max-length": NOTE_MAX_LENGTH}),
        strip=True,
        help_text=f"Up to {NOTE_MAX_LENGTH:,} characters.",
    )


def record_edit_form(model: type[models.Model], fields: list[str]) -> type[forms.ModelForm]:
    """A form class for the whitelisted fields of a record."""
    return forms.modelform_factory(model, fields=fields)


def _role_choices(partner_account: PartnerAccount) -> list[tuple[int, str]]:
    return [(r.value, r.label) for r in PartnerRole if r.value <= partner_account.role_count]


class TeamRoleForm(forms.Form):
    role = forms.TypedChoiceField(label="Role", coerce=int)

    def __init__(self, *args: Any, partner_account: PartnerAccount, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(partner_account)  # type: ignore[attr-defined]


class InvitationRequestForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.TypedChoiceField(label="Role", coerce=int)
    is_super_user = forms.BooleanField(
        label="Super user",
        required=False,
        help_text="Sees colleagues' leads and opportunities with the same or a lower role.",
    )
    is_partner_admin = forms.BooleanField(
        label="Partner admin", required=False, help_text="Takes a PRM seat."
    )
    can_export = forms.BooleanField(
        label="Export permission", required=False, help_text="Takes a PRM seat."
    )

    def __init__(self, *args: Any, partner_account: PartnerAccount, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(partner_account)  # type: ignore[attr-defined]
