from django.conf import settings


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
