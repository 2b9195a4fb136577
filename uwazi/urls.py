from django.urls import path

from . import views

app_name = "uwazi"
urlpatterns = [path("", views.upload, name="upload")]
