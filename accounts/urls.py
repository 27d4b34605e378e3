"""Routes of the accounts pages: accepting an invitation and the demo mailbox."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept_page, name="invitation-accept"),
    path("mailbox/", views.mailbox, name="mailbox"),
    path("mailbox/<str:name>/<int:index>/", views.mailbox_message, name="mailbox-message"),
]
