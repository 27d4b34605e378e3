"""Routes of the REST API, mounted at /api/v1/; each area registers its views in its own module."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from api.docs import RedocView, SwaggerView
from api.errors import not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("api.account.urls")),
    path("", include("api.records.urls")),
    path("", include("api.exports.urls")),
    path("", include("api.people.urls")),
    # Last: any other path under the API is a 404 in the API's error format. Paths without the
    # trailing slash are left out, so Django still redirects them to the slashed endpoint.
    re_path(r"^(.*/)?$", not_found, name="not-found"),
]
