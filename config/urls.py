"""URL routes: the partner site, accounts (allauth and invitations), the API, Django admin."""

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views

urlpatterns = [
    # Before admin's own: admin signs in through the site's login (rate limits, 2FA).
    path("admin/login/", accounts_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("api.urls")),
    path("account/api-tokens/", include("api.tokens.urls")),
    path("", include("accounts.urls")),
    path("", include("portal.urls")),
    path("", include("sync.urls")),
]

if apps.is_installed("devtools"):
    urlpatterns.append(path("", include("devtools.urls")))
