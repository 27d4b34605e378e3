"""Partner site pages of Partner Connect: connection setup, mappings, exports and jobs."""

from django.urls import include, path

app_name = "sync"

urlpatterns = [
    path("connect/", include("sync.urls_connect")),
    path("exports/", include("sync.urls_export")),
]
