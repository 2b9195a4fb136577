"""The staff workspace and where sign-in leads."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
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
