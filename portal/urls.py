"""Routes of the partner site."""

from django.urls import path

from portal.views import detail, downloads, home, lists, saved_views, team

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("leads/", lists.record_list, {"object_type": "lead"}, name="lead-list"),
    path(
        "opportunities/",
        lists.record_list,
        {"object_type": "opportunity"},
        name="opportunity-list",
    ),
    path("customer-accounts/", lists.account_list, name="account-list"),
    path(
        "leads/download/",
        downloads.record_download,
        {"object_type": "lead"},
        name="lead-download",
    ),
    path(
        "opportunities/download/",
        downloads.record_download,
        {"object_type": "opportunity"},
        name="opportunity-download",
    ),
    path(
        "views/<str:object_type>/save/",
        saved_views.listview_save,
        name="listview-save",
    ),
    path(
        "views/<str:object_type>/<int:pk>/delete/",
        saved_views.listview_delete,
        name="listview-delete",
    ),
    path("leads/<int:pk>/", detail.record_detail, {"object_type": "lead"}, name="lead-detail"),
    path(
        "opportunities/<int:pk>/",
        detail.record_detail,
        {"object_type": "opportunity"},
        name="opportunity-detail",
    ),
    path("customer-accounts/<int:pk>/", detail.account_detail, name="account-detail"),
    path(
        "contacts/<int:pk>/",
        detail.record_detail,
        {"object_type": "contact"},
        name="contact-detail",
    ),
    path(
        "leads/<int:pk>/notes/",
        detail.note_create,
        {"object_type": "lead"},
        name="lead-note-add",
    ),
    path(
        "opportunities/<int:pk>/notes/",
        detail.note_create,
        {"object_type": "opportunity"},
        name="opportunity-note-add",
    ),
    path("leads/<int:pk>/edit/", detail.record_edit, {"object_type": "lead"}, name="lead-edit"),
    path(
        "opportunities/<int:pk>/edit/",
        detail.record_edit,
        {"object_type": "opportunity"},
        name="opportunity-edit",
    ),
    path(
        "customer-accounts/<int:pk>/edit/",
        detail.record_edit,
        {"object_type": "account"},
        name="account-edit",
    ),
    path("team/", team.team, name="team"),
    path("team/members/<int:pk>/role/", team.team_member_update, name="team-member-update"),
    path("team/invitations/", team.team_invite, name="team-invite"),
]
