"""Development-only pages: the demo mailbox and what the org emulator holds."""

from django.urls import path

from devtools.views import emulator, mailbox

app_name = "devtools"

urlpatterns = [
    path("mailbox/", mailbox.mailbox, name="mailbox"),
    path("mailbox/<str:name>/<int:index>/", mailbox.mailbox_message, name="mailbox-message"),
    path("emulated-orgs/", emulator.emulated_orgs, name="emulated-orgs"),
    path("emulated-orgs/<str:host>/<str:sobject>/", emulator.emulated_org, name="emulated-org"),
]
