"""Django admin's site: the vendor's own sections first on the index, infrastructure after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

# The vendor's sections, in the order a channel team works; every other app follows, by name.
APP_ORDER = ("accounts", "portal", "sync", "api", "auditlog")


class PortalAdminSite(admin.AdminSite):
    site_header = "Partner Portal administration"
    site_title = "Partner Portal admin"
    index_title = "Vendor administration"

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        apps = super().get_app_list(request, app_label)
        rank = {label: n for n, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]))


class PortalAdminConfig(AdminConfig):
    default_site = "config.admin.PortalAdminSite"
