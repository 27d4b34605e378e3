"""API routes of Partner Connect: exports, status report rows, connected records, connections
and mappings (see api/urls.py)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from api.connections.views import ConnectionViewSet, MappingViewSet
from api.exports.views import (
    ConnectedLeadViewSet,
    ConnectedOpportunityViewSet,
    ExportItemViewSet,
    ExportViewSet,
    RecordMapViewSet,
)

router = SimpleRouter()
router.register("exports", ExportViewSet, basename="export")
router.register(r"exports/(?P<batch_id>[^/.]+)/items", ExportItemViewSet, basename="export-item")
router.register("record-maps", RecordMapViewSet, basename="record-map")
router.register("connected-leads", ConnectedLeadViewSet, basename="connected-lead")
router.register(
    "connected-opportunities", ConnectedOpportunityViewSet, basename="connected-opportunity"
)
router.register("connections", ConnectionViewSet, basename="connection")
router.register("mappings", MappingViewSet, basename="mapping")

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
