"""Routes of the site's API tokens page, mounted at /account/api-tokens/."""

from django.urls import path

from api.tokens import views as views_tokens

app_name = "tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="token-list"),
    path("<str:token_key>/revoke/", views_tokens.token_revoke_page, name="token-revoke"),
]
