"""Export pages of the partner site (included under ``exports/``)."""

from django.urls import path

from sync.views import export as views_export

urlpatterns = [
    path("", views_export.export_list, name="export-list"),
    path("new/<str:object_type>/", views_export.export_confirm, name="export-confirm"),
    path("<uuid:batch_id>/", views_export.export_job, name="export-job"),
    path("<uuid:batch_id>/progress/", views_export.export_job_progress, name="export-job-progress"),
]
