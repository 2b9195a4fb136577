"""One data version per read-only request (cases/models/version.py:one_version_per_request)."""

from .models.version import one_version_per_request

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


class OneDataVersionPerRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_ONLY:
            return self.get_response(request)
        with one_version_per_request():
            return self.get_response(request)
