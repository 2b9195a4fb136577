from django.urls import path

from . import staff_views, views

app_name = "intake"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("status/", views.status, name="status"),
    path("staff/", staff_views.submission_list, name="staff-list"),
    path("staff/annual/", staff_views.annual_submission, name="staff-annual"),
    path("staff/<str:reference>/", staff_views.submission_detail, name="staff-detail"),
    path("staff/<str:reference>/status/", staff_views.submission_triage, name="staff-triage"),
    path("staff/<str:reference>/decrypt/", staff_views.submission_decrypt, name="staff-decrypt"),
    path("staff/<str:reference>/case/", staff_views.submission_paste, name="staff-paste"),
]
