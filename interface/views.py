"""The staff workspace, where sign-in leads, and robots.txt."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .workspace import panels_for


@never_cache
@require_GET
@login_required
def workspace(request):
    """The dashboard staff land on after sign-in: what waits for each of their roles."""
    if not request.user.is_staff:
        raise PermissionDenied
    return render(request, "interface/workspace.html", {"panels": panels_for(request.user)})


@never_cache
@require_GET
@login_required
def after_sign_in(request):
    """settings.LOGIN_REDIRECT_URL: staff to their workspace, researchers and partners to the
    cases their account opens (Django's default, /accounts/profile/, does not exist)."""
    return redirect("workspace" if request.user.is_staff else "cases:list")


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /staff/
Disallow: /*/staff/
Disallow: /ingest/
Disallow: /*/ingest/
Disallow: /intake/staff/
Disallow: /*/intake/staff/
Disallow: /campaigns/confirm/
Disallow: /*/campaigns/confirm/
Disallow: /campaigns/letters/
Disallow: /*/campaigns/letters/
Disallow: /i18n/
Sitemap: {site}/sitemap.xml
"""


@require_GET
def robots_txt(request):
    """Crawlers keep to the public pages: no back office, sign-in or personal links."""
    return HttpResponse(ROBOTS.format(site=settings.SITE_URL), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon (resolved
    per request, so the hashed name of the static files manifest is used in production)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
