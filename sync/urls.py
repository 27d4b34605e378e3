"""Pages of Partner Connect: connection setup, mappings, exports and jobs; emulated orgs."""

from django.urls import include, path

from sync import views_emulator, views_report

app_name = "sync"

urlpatterns = [
    path("connect/", include("sync.urls_connect")),
    path("exports/", include("sync.urls_export")),
    path("emulated-orgs/", views_emulator.emulated_orgs, name="emulated-orgs"),
    path(
        "emulated-orgs/<str:host>/<str:sobject>/",
        views_emulator.emulated_org,
        name="emulated-org",
    ),
    path("connect/report/", views_report.report_list, name="report-list"),
    path("connect/report/re-export/", views_report.report_reexport, name="report-reexport"),
]
