"""Routes of the accounts pages: accepting an invitation."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept_page, name="invitation-accept"),
]
