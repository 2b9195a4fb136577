from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [path("mail/", views.mail, name="mail")]
