from django.contrib import admin
from django.urls import include, path

from api.main import api
from cases.admin_views import view_on_site

urlpatterns = [
    # Overrides the admin's own "View on site" redirect, which would bypass the visibility gate.
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site, name="admin-view-on-site"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("intake/", include("intake.urls")),
    path("api/v1/", api.urls),
    path("", include("states.urls")),
    path("", include("cases.urls")),
]
