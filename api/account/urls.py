"""API routes of the account area (see api/urls.py): ``me``, a single resource, not a list."""

from django.urls import URLPattern, URLResolver, path

from api.account.views import MeView

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="me"),
]
