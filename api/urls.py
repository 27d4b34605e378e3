"""Routes of the REST API, mounted at /api/v1/; each area registers its views in its own module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("api.urls_account")),
    path("", include("api.urls_records")),
    path("", include("api.urls_connect")),
    path("", include("api.urls_admin")),
]
