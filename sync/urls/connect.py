"""Connection setup and mapping pages of the partner site (included under ``connect/``)."""

from django.urls import path

from sync.views import connect as views_connect
from sync.views import lifecycle as views_lifecycle

urlpatterns = [
    path("", views_connect.connect_setup, name="connect-setup"),
    path("test/", views_connect.connect_test, name="connect-test"),
    path("rotate/", views_connect.connect_rotate, name="connect-rotate"),
    path("mappings/<str:object_type>/", views_connect.mapping_edit, name="mapping-edit"),
]

urlpatterns += [
    path("disable/", views_lifecycle.connect_disable, name="connect-disable"),
    path("reconnect/", views_lifecycle.connect_reconnect, name="connect-reconnect"),
]
