"""Forget who is asking before anything can write it down.

For every request under /intake/ or a translation of it (/fr/intake/, /ar/intake/ …) this
middleware, the first in settings.MIDDLEWARE, deletes the client's network address (and the
headers proxies use to forward it) and the browser's user-agent string from the request. Nothing later in the chain — other middleware, views, error
reports, the `django.request` logger, database rows — can record what is no longer there.

The web server and any reverse proxy in front of Django must be configured not to log these
requests either (see docs/intake.md, "Operations").
"""

import re
from functools import wraps

from django.conf import settings

INTAKE_PATH_PREFIX = "/intake/"

# Request.META keys that carry the client's address or a fingerprint of its browser.
IDENTIFYING_META_KEYS = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "REMOTE_PORT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_X_CLUSTER_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_FASTLY_CLIENT_IP",
    "HTTP_X_ORIGINAL_FORWARDED_FOR",
    "HTTP_USER_AGENT",
)


def strip_client_address(request) -> None:
    for key in IDENTIFYING_META_KEYS:
        request.META.pop(key, None)
    # Some servers (and Django's test client) expect the key to exist; an unroutable
    # placeholder keeps them working without holding anything about the submitter.
    request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    request.intake_address_stripped = True


def _intake_path_pattern() -> re.Pattern:
    # Any language prefix i18n_patterns may add (see endreprisals/urls.py), matched case-
    # insensitively as Django's locale matching is; settings are read per call so tests that
    # change LANGUAGES are honoured (the cost is negligible).
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:(?:{codes})/)?intake/", re.IGNORECASE)


def is_intake_path(path: str) -> bool:
    return path.startswith(INTAKE_PATH_PREFIX) or bool(_intake_path_pattern().match(path))


class StripClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_intake_path(request.path_info) or is_intake_path(request.path):
            strip_client_address(request)
        return self.get_response(request)


def no_client_address(view):
    """Second line of defence on every intake view, should the middleware ever be removed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request, "intake_address_stripped", False):
            strip_client_address(request)
        return view(request, *args, **kwargs)

    return wrapped
