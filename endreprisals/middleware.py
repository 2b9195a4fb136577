import re

from django.conf import settings
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware:
    """Adds one strict Content-Security-Policy to every response.

    Django 5.2 has no built-in CSP; the policy is a single setting so every page shares it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


# Pages for staff whatever the visitor (sign-in pages included): the admin and the intake's
# staff pages (with or without a language prefix).
_STAFF_PATHS = re.compile(r"^/(?:admin/|(?:[\w-]+/)?intake/staff/)")


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response whose content is not public: any
    response to a signed-in user (what they see depends on their role and grants, and may be
    confidential), and every admin or intake staff page. No browser or shared cache keeps it,
    so the back button or a shared computer does not show it again after sign-out. Anonymous
    visitors' public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or _STAFF_PATHS.match(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
        return response
