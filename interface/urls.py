from django.urls import path

from . import views

urlpatterns = [
    path("staff/", views.workspace, name="workspace"),
    path("signed-in/", views.after_sign_in, name="after-sign-in"),
]
