"""Forms of the connection setup and mapping pages: input parsing only; services decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from salesforce import FieldDescribe, ObjectDescribe
from sync.fields import CatalogueField, catalogue_by_name, compatible_targets
from sync.models import FieldMapping, ObjectMapping
from sync.standard_fields import STANDARD_TARGETS


def _secret_widget(placeholder: str) -> forms.PasswordInput:
    # render_value=False: a stored secret never travels back to the browser.
    attrs = {"autocomplete": "new-password", "placeholder": placeholder}
    return forms.PasswordInput(render_value=False, attrs=attrs)


class CredentialsForm(forms.Form):
    """My Domain, client id and (write-only) client secret of the External Client App."""

    my_domain = forms.CharField(
        label="My Domain",
        max_length=255,
        help_text="Setup > My Domain, such as acme.my.salesforce.com.",
    )
    client_id = forms.CharField(label="Client id (consumer key)", max_length=255)
    client_secret = forms.CharField(
        label="Client secret (consumer secret)", required=False, max_length=255, strip=True
    )

    def __init__(self, *args: Any, secret_stored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["client_secret"]
        field.widget = _secret_widget("stored (leave empty to keep it)" if secret_stored else "")
        field.required = not secret_stored
        field.help_text = (
            "Stored encrypted and never shown again; leave empty to keep the stored secret."
            if secret_stored
            else "Stored encrypted and never shown again."
        )


class RotateForm(forms.Form):
    """A new client secret for the same app."""

    client_secret = forms.CharField(
        label="New client secret",
        max_length=255,
        widget=_secret_widget(""),
        help_text="After rotating the secret in Salesforce; the connection must test again.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the credentials form on the same page has a client_secret field too, and
        # two inputs with one id leave the second without an accessible name.
        kwargs.setdefault("auto_id", "id_rotate_%s")
        super().__init__(*args, **kwargs)


@dataclass
class MappingRow:
    """One exported vendor field on the mapping page, with its bound form fields."""

    field: CatalogueField
    row: FieldMapping
    accept: forms.BoundField
    target: forms.BoundField
    values: list[tuple[str, forms.BoundField]]
    default: forms.BoundField | None


class MappingForm(forms.Form):
    """The partner's mapping of one object: per exported field accept, target and values."""

    default_owner_id = forms.CharField(
        label="Default owner id",
        max_length=18,
        help_text="User (005...) or queue (00G...) in your org that owns imported records.",
    )
    external_id_field = forms.CharField(
        label="External ID field",
        max_length=80,
        help_text="Text(40) field marked External ID and Unique that holds the vendor's id.",
    )
    connected_object = forms.CharField(
        label="Connected External object",
        max_length=80,
        help_text="API name of the custom object that holds the vendor's update values.",
    )

    def __init__(
        self, *args: Any, mapping: ObjectMapping, describe: ObjectDescribe, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "default_owner_id": mapping.default_owner_id,
                "external_id_field": mapping.external_id_field,
                "connected_object": mapping.connected_object,
            },
        )
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        self.describe = describe
        self.catalogue = catalogue_by_name(mapping.object_type)
        self.exported = [r for r in mapping.fields.all() if r.field_name in self.catalogue]
        first_time = mapping.partner_saved_at is None
        for row in self.exported:
            self._add_field(row, first_time)

    def _add_field(self, row: FieldMapping, first_time: bool) -> None:
        known = self.catalogue[row.field_name]
        name = row.field_name
        fits = compatible_targets(
            known, list(self.describe.fields.values()), update=row.send_updates
        )
        standard = STANDARD_TARGETS.get(self.mapping.object_type, {}).get(name, "")
        suggested = standard if any(t.name == standard for t in fits) else ""
        self.fields[f"accept_{name}"] = forms.BooleanField(
            label=f"Accept {known.label}",
            required=False,
            initial=row.accepted if not first_time else bool(suggested),
        )
        self.fields[f"target_{name}"] = forms.ChoiceField(
            label=f"Field of your org for {known.label}",
            required=False,
            choices=[("", "(choose a field)"), *((t.name, f"{t.label} ({t.name})") for t in fits)],
            initial=row.target_field or suggested,
        )
        target = self._chosen_target(name)
        if known.is_picklist and target is not None and target.type == "picklist":
            self._add_values(known, row, target)

    def _chosen_target(self, name: str) -> FieldDescribe | None:
        key = f"target_{name}"
        chosen = self.data.get(key) if self.is_bound else self.fields[key].initial
        return self.describe.fields.get(str(chosen or ""))

    def _add_values(self, known: CatalogueField, row: FieldMapping, target: FieldDescribe) -> None:
        """One select per vendor value, onto the target's values, and the default."""
        options = [(value, value) for value in target.picklist_values]
        saved = dict(row.picklist_map or {})
        for index, value in enumerate(known.choices):
            initial = saved.get(value) or (value if value in target.picklist_values else "")
            self.fields[f"value_{known.name}_{index}"] = forms.ChoiceField(
                label=f"{known.label}: {value}",
                required=False,
                choices=[("", "(use the default)"), *options],
                initial=initial,
            )
        self.fields[f"default_{known.name}"] = forms.ChoiceField(
            label=f"{known.label}: default for unmapped values",
            required=False,
            choices=[("", "(choose)"), *options],
            initial=row.picklist_default or target.default_picklist_value or "",
        )

    def rows(self) -> list[MappingRow]:
        """The exported fields with their bound fields, for the template."""
        result = []
        for row in self.exported:
            known = self.catalogue[row.field_name]
            values = [
                (value, self[f"value_{known.name}_{index}"])
                for index, value in enumerate(known.choices)
                if f"value_{known.name}_{index}" in self.fields
            ]
            default_key = f"default_{known.name}"
            result.append(
                MappingRow(
                    field=known,
                    row=row,
                    accept=self[f"accept_{known.name}"],
                    target=self[f"target_{known.name}"],
                    values=values,
                    default=self[default_key] if default_key in self.fields else None,
                )
            )
        return result

    def service_rows(self) -> list[dict[str, Any]]:
        """The cleaned choices in the shape mapping_partner_save takes."""
        data = self.cleaned_data
        rows = []
        for row in self.exported:
            known = self.catalogue[row.field_name]
            picklist_map = {
                value: data[f"value_{known.name}_{index}"]
                for index, value in enumerate(known.choices)
                if data.get(f"value_{known.name}_{index}")
            }
            rows.append(
                {
                    "field_name": known.name,
                    "accepted": data[f"accept_{known.name}"],
                    "target_field": data[f"target_{known.name}"],
                    "picklist_map": picklist_map,
                    "picklist_default": data.get(f"default_{known.name}") or "",
                }
            )
        return rows

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show each problem of MappingInvalid next to the field it is about."""
        for key, message in problems.items():
            if key in ("default_owner_id", "external_id_field", "connected_object"):
                self.add_error(key, message)
            elif f"target_{key}" in self.fields:
                self.add_error(f"target_{key}", message)
            else:
                self.add_error(None, message)
