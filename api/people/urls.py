"""API routes of this area (see api/urls.py): people, seats, invitations, companies, shares."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from api.people.shares import ShareViewSet
from api.people.views import InvitationViewSet, PartnerAccountViewSet, SeatsView, TeamViewSet

router = SimpleRouter()
router.register("team", TeamViewSet, basename="team")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("partner-accounts", PartnerAccountViewSet, basename="partner-account")
router.register("shares", ShareViewSet, basename="share")

urlpatterns: list[URLPattern | URLResolver] = [
    path("seats/", SeatsView.as_view(), name="seats"),
    *router.urls,
]
