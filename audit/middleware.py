from .context import acting_as


class AuditContextMiddleware:
    """Makes the request's user the actor of every change the request causes (audit.signals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(_LazyUser(request), via=request.path[:200]):
            return self.get_response(request)


class _LazyUser:
    """Reads request.user only when a change is actually recorded."""

    def __init__(self, request):
        self._request = request

    def resolve(self):
        return getattr(self._request, "user", None)
