"""Admin plumbing: forms whose save is a service call, and per-row action results."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from dalf.admin import DALFModelAdmin, DALFRelatedFieldAjax
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from core.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User


class ServiceForm(forms.ModelForm):
    """A model form whose save is one service call, made after every other check passed.

    The call runs at the end of validation, inside a savepoint, so a refusal becomes a form
    error and leaves the database as it was; the admin then has nothing left to save.
    """

    actor: User | None = None
    # Which form field shows a refusal of each kind; others show above the form.
    error_fields: ClassVar[dict[type[DomainError], str]] = {}

    def apply(self) -> models.Model:
        """Call the service with the cleaned data; return the saved object."""
        raise NotImplementedError

    # Django calls _post_clean last in full_clean, after the model's own validation.
    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.apply()
        except DomainError as error:
            self.add_error(self._field_for(error), error.message)
        except ValidationError as error:
            self.add_error(None, error)

    def _field_for(self, error: DomainError) -> str | None:
        for kind, field in self.error_fields.items():
            if isinstance(error, kind) and field in self.fields:
                return field
        return None

    def changes(self, allowed: Iterable[str]) -> dict[str, Any]:
        """The changed fields among ``allowed``, with their cleaned values."""
        return {f: self.cleaned_data[f] for f in self.changed_data if f in set(allowed)}


class LargeTableAdmin(DALFModelAdmin):
    """A changelist over a table that may hold millions of rows.

    No second count of the whole table beside the filtered one, no date hierarchy (a DISTINCT
    over the table), and relations filtered through an autocomplete box
    (``autocomplete_filter``) instead of a sidebar that lists every owner, company or
    connection, one query per entry when their names span a join.
    """

    show_full_result_count = False


def autocomplete_filter(field_path: str) -> tuple[str, type[admin.FieldListFilter]]:
    """A ``list_filter`` entry that picks the related object by typing its name.

    The related model's admin needs ``search_fields``; the choices come from its autocomplete.
    """
    return (field_path, DALFRelatedFieldAjax)


class ServiceAdmin(admin.ModelAdmin):
    """A model admin whose form saves through a service; deletion is left to the services."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory builds a fresh class per request, so this names this request's user.
        form.actor = actor_of(request)  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing to do: the form's service call already saved the object."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def actor_of(request: HttpRequest) -> User:
    """The staff user acting in an admin request (admin views require a login)."""
    return cast("User", request.user)


def run_per_row(
    request: HttpRequest,
    rows: Iterable[models.Model],
    call: Callable[[Any], object],
    done: str,
) -> None:
    """Call a service for each row; report each success and each refusal as a message."""
    succeeded = 0
    for row in rows:
        try:
            call(row)
        except DomainError as error:
            messages.error(request, f"{row}: {error.message}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, f"{done}: {succeeded} row{'s' if succeeded != 1 else ''}.")
