"""Routes of the REST API, mounted at /api/v1/; each area registers its views in its own module."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from api.errors import not_found
from api.views_docs import RedocView, SwaggerView

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("api.urls_account")),
    path("", include("api.urls_records")),
    path("", include("api.urls_connect")),
    path("", include("api.urls_admin")),
    # Last: any other path under the API is a 404 in the API's error format. Paths without the
    # trailing slash are left out, so Django still redirects them to the slashed endpoint.
    re_path(r"^(.*/)?$", not_found, name="not-found"),
]
