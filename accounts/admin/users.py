"""Admin for users and memberships: every change of a seat or access goes through a service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.admin.base import DEFAULT_ERROR_FIELDS
from accounts.models import Membership, User
from accounts.services.memberships import (
    MEMBERSHIP_FIELDS,
    membership_create,
    membership_update,
    user_set_active,
)
from core.admin import (
    LargeTableAdmin,
    ServiceAdmin,
    ServiceForm,
    actor_of,
    autocomplete_filter,
    run_per_row,
)
from core.errors import DomainError


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    """The user change form; activation goes through user_set_active."""

    actor: User | None = None

    class Meta:
        model = User
        fields = "__all__"

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors or "is_active" not in self.changed_data:
            return
        try:
            user_set_active(
                actor=self.actor, user=self.instance, is_active=self.cleaned_data["is_active"]
            )
        except DomainError as error:
            self.add_error("is_active", error.message)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, LargeTableAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "company")
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        autocomplete_filter("membership__partner_account"),
    )
    list_select_related = ("membership__partner_account",)
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ("activate", "deactivate")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = actor_of(request)  # type: ignore[attr-defined]
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Users are deactivated, which frees their seat, never deleted from here."""
        return False

    @admin.display(description="Partner account", ordering="membership__partner_account__name")
    def company(self, user: User) -> str:
        membership = getattr(user, "membership", None)
        return str(membership.partner_account) if membership else "Vendor"

    @admin.action(description="Activate selected users")
    def activate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        run_per_row(
            request,
            queryset,
            lambda u: user_set_active(actor=actor_of(request), user=u, is_active=True),
            "Activated",
        )

    @admin.action(description="Deactivate selected users")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        run_per_row(
            request,
            queryset,
            lambda u: user_set_active(actor=actor_of(request), user=u, is_active=False),
            "Deactivated",
        )


class MembershipForm(ServiceForm):
    error_fields = DEFAULT_ERROR_FIELDS

    class Meta:
        model = Membership
        fields = (
            "user",
            "partner_account",
            "role",
            "is_super_user",
            "is_partner_admin",
            "can_export",
            "is_active",
        )

    def apply(self) -> Membership:
        if self.instance.pk:
            current = Membership.objects.get(pk=self.instance.pk)
            changes = self.changes(MEMBERSHIP_FIELDS)
            return membership_update(actor=self.actor, membership=current, **changes)
        data = self.cleaned_data
        return membership_create(
            actor=self.actor,
            user=data["user"],
            partner_account=data["partner_account"],
            role=data["role"],
            is_super_user=data["is_super_user"],
            is_partner_admin=data["is_partner_admin"],
            can_export=data["can_export"],
        )


def _flag_action(field: str, value: bool, description: str) -> Any:
    """An admin action that sets one membership flag through membership_update."""

    def action(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        run_per_row(
            request,
            queryset.select_related("user", "partner_account"),
            lambda m: membership_update(actor=actor_of(request), membership=m, **{field: value}),
            description,
        )

    action.__name__ = f"set_{field}_{value}".lower()
    return admin.action(description=f"{description} for the selected memberships")(action)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin, LargeTableAdmin):
    form = MembershipForm
    list_display = (
        "user",
        "partner_account",
        "role",
        "is_super_user",
        "is_partner_admin",
        "can_export",
        "is_active",
    )
    list_filter = (
        autocomplete_filter("partner_account"),
        "role",
        "is_partner_admin",
        "can_export",
        "is_active",
    )
    list_select_related = ("user", "partner_account")
    search_fields = ("user__email", "user__first_name", "user__last_name", "partner_account__name")
    autocomplete_fields = ("user", "partner_account")
    actions = (
        _flag_action("can_export", True, "Grant export permission"),
        _flag_action("can_export", False, "Revoke export permission"),
        _flag_action("is_partner_admin", True, "Grant partner admin"),
        _flag_action("is_partner_admin", False, "Revoke partner admin"),
        _flag_action("is_active", False, "Deactivate"),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "partner_account") if obj else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(MembershipForm.Meta.fields)
        return fields if obj else [f for f in fields if f != "is_active"]
