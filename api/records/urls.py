"""API routes of the vendor records: leads, opportunities, accounts, contacts and notes."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from api.records import views

router = SimpleRouter()
router.register("leads", views.LeadViewSet, basename="lead")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("accounts", views.AccountViewSet, basename="account")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register(
    rf"leads/(?P<record_pk>{views.ID_PATTERN})/notes", views.LeadNoteViewSet, basename="lead-note"
)
router.register(
    rf"opportunities/(?P<record_pk>{views.ID_PATTERN})/notes",
    views.OpportunityNoteViewSet,
    basename="opportunity-note",
)

urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
