"""Pages of Partner Connect: connection setup, mappings, exports and jobs, the status report."""

from django.urls import include, path

from sync.views import report

app_name = "sync"

urlpatterns = [
    path("connect/", include("sync.urls.connect")),
    path("exports/", include("sync.urls.export")),
    path("connect/report/", report.report_list, name="report-list"),
    path("connect/report/re-export/", report.report_reexport, name="report-reexport"),
]
