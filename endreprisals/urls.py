"""URL configuration.

Pages people read are under a language prefix (`/fr/cases/`, `/ar/…`); English, the default
language, keeps its unprefixed addresses (`prefix_default_language=False`), so every English URL
is unchanged. Machine-facing addresses — the API, the admin, static files — live outside the
prefix; the downloads and feeds served by the page apps (`/cases.csv`, `…/feed/`) keep their
unprefixed canonical addresses too (the templates link those), and also answer under a prefix.
The language switch (`i18n/setlang/`) sits inside the prefix so that it can resolve the page it
is asked to translate, whichever language that page is in, and redirect to its equivalent.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api.main import api
from cases.admin_views import view_on_site
from interface.sitemaps import SITEMAPS
from interface.views import favicon, robots_txt

urlpatterns = [
    # Overrides the admin's own "View on site" redirect, which would bypass the visibility gate.
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site, name="admin-view-on-site"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),  # sign-in, two-factor, password reset
    path("api/v1/", api.urls),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Browsers ask for /favicon.ico whatever the page says: send them to the icon.
    path("favicon.ico", favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("interface.urls")),  # the staff workspace
    path("intake/", include("intake.urls")),
    path("ingest/", include("ingest.urls")),
    path("uwazi/", include("uwazi.urls")),
    path("ops/", include("ops.urls")),
    path("", include("states.urls")),
    path("", include("campaigns.urls")),
    path("", include("tracking.urls")),
    path("", include("cases.urls")),
    prefix_default_language=False,
)
