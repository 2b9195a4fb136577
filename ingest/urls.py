from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job-retry"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job-confirm"),
    path("review/", views.queue, name="queue"),
    path("review/bulk/", views.queue_bulk, name="queue-bulk"),
    path("review/<int:pk>/", views.candidate_detail, name="candidate"),
    path("review/<int:pk>/edit/", views.candidate_edit, name="candidate-edit"),
    path("review/<int:pk>/accept/", views.candidate_accept, name="candidate-accept"),
    path("review/<int:pk>/merge/", views.candidate_merge, name="candidate-merge"),
    path("review/<int:pk>/reject/", views.candidate_reject, name="candidate-reject"),
]
