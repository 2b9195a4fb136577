"""What every router shares: the API class with its single error shape, pagination, absolute
URLs and visible-case counts.

Every error, whatever raised it, answers

    {"error": {"code": "not_found", "message": "…", "details": {…}}}

with the matching HTTP status: validation errors (ours, the case query language's and
django-ninja's own), unknown paths under the API, wrong methods and unexpected failures.
"""

import functools
import logging
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.models import Case as CaseExpr
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, path, re_path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from cases.filters import InvalidQuery
from cases.models import Case, Paragraph

logger = logging.getLogger("django.request")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000

_SAFE_METHODS = ("GET", "HEAD")


# --- Errors -----------------------------------------------------------------------------------


class ApiError(Exception):
    """An error with its HTTP status, stable code, translated message and details."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


def bad_request(details: dict[str, str], message: str | None = None) -> ApiError:
    return ApiError(400, "invalid_parameters", message or _("Some parameters are invalid."), details)


def error_response(
    status: int, code: str, message: str, details: dict | None = None, **headers
) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message), "details": details or {}}}
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def not_found_response() -> JsonResponse:
    """The one body for every 404: a missing record and one the user may not see are alike."""
    return error_response(404, "not_found", _("Not found."))


def method_not_allowed_response(allowed) -> JsonResponse:
    allowed = sorted(set(allowed))
    return error_response(
        405,
        "method_not_allowed",
        _("This address only answers %(methods)s requests.") % {"methods": ", ".join(allowed)},
        {"allowed_methods": allowed},
        Allow=", ".join(allowed),
    )


_HTTP_CODES = {
    400: "invalid_parameters",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
}


def _field_name(loc) -> str:
    # ninja reports locations as ("query", "limit") or ("query", "filters", "year", 0).
    parts = [str(p) for p in loc[1:] if not isinstance(p, int)] or [str(p) for p in loc]
    return parts[-1]


def _validation_message(error: dict) -> str:
    """A translated message for the validation errors our parameters can produce; pydantic's
    English text otherwise."""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "less_than_equal":
        return _("at most %(max)s") % {"max": ctx.get("le")}
    if kind == "greater_than_equal":
        return _("at least %(min)s") % {"min": ctx.get("ge")}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("a whole number is expected")
    if kind in ("bool_parsing", "bool_type"):
        return _("1 or 0 (true or false) is expected")
    return str(error.get("msg", ""))


def _on_ninja_validation(request, exc: ValidationError):
    details: dict[str, str] = {}
    for error in exc.errors:
        details.setdefault(_field_name(error.get("loc", ())), _validation_message(error))
    return error_response(400, "invalid_parameters", _("Some parameters are invalid."), details)


def _on_invalid_query(request, exc: InvalidQuery):
    return error_response(400, "invalid_parameters", _("Some parameters are invalid."), exc.errors)


def _on_api_error(request, exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.details)


def _on_404(request, exc):
    return not_found_response()


def _on_http_error(request, exc: HttpError):
    if exc.status_code == 404:
        return not_found_response()
    code = _HTTP_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, str(exc))


def _on_unexpected(request, exc: Exception):
    # What Django does for an uncaught exception: log it with its traceback and tell the
    # error reporters (got_request_exception); only the body differs.
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    got_request_exception.send(sender=None, request=request)
    response = error_response(
        500, "server_error", _("Something went wrong on our side. Please try again later.")
    )
    response._has_been_logged = True  # Django would log the 500 a second time, without traceback
    return response


# --- The API class ------------------------------------------------------------------------------


def _json_errors_for_methods(view, allowed=None):
    """Wrap a view so wrong methods answer in the error shape, and HEAD works wherever GET does."""

    # Every view here is read-only: a POST must meet the JSON 405, not Django's CSRF 403 page.
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        head = request.method == "HEAD"
        if allowed is not None and request.method not in allowed:
            return method_not_allowed_response(allowed)
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if isinstance(response, HttpResponseNotAllowed):
            methods = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            if "GET" in methods:
                methods.append("HEAD")
            return method_not_allowed_response(methods)
        if head:
            response.content = b""
        return response

    return wrapper


def _api_index(request):
    return JsonResponse(
        {
            "title": "EndReprisals API",
            "version": "1",
            "openapi": absolute(reverse("api-v1:openapi-json")),
            "cases": absolute(reverse("api-v1:cases_list")),
            "countries": absolute(reverse("api-v1:countries_list")),
            "reports": absolute(reverse("api-v1:reports_list")),
            "mechanisms": absolute(reverse("api-v1:mechanisms_list")),
            "reprisal_types": absolute(reverse("api-v1:reprisal_types_list")),
            "victim_roles": absolute(reverse("api-v1:victim_roles_list")),
            "states": absolute(reverse("api-v1:states_list")),
            "sessions": absolute(reverse("api-v1:sessions_list")),
            "resolutions": absolute(reverse("api-v1:resolutions_list")),
            "statements": absolute(reverse("api-v1:statements_list")),
            "missions": absolute(reverse("api-v1:missions_list")),
        }
    )


@csrf_exempt
def _not_found_view(request, rest=""):
    return not_found_response()


class EndReprisalsAPI(NinjaAPI):
    """NinjaAPI answering every error in the one shape, including wrong methods and unknown
    paths below the API's root. Routers are added with `api.add_router(prefix, router)` as usual.
    """

    def set_default_exception_handlers(self) -> None:
        self.add_exception_handler(Exception, _on_unexpected)
        self.add_exception_handler(Http404, _on_404)
        self.add_exception_handler(HttpError, _on_http_error)
        self.add_exception_handler(ValidationError, _on_ninja_validation)
        self.add_exception_handler(InvalidQuery, _on_invalid_query)
        self.add_exception_handler(ApiError, _on_api_error)

    def _get_urls(self):
        patterns = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern) and pattern.name == "api-root":
                # ninja's root view only exists to be reversed; ours lists the resources.
                pattern = path("", _api_index, name="api-root")
                allowed = _SAFE_METHODS
            elif isinstance(pattern, URLPattern) and pattern.name == "openapi-json":
                allowed = _SAFE_METHODS
            else:
                allowed = None  # ninja's own views know their methods
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    _json_errors_for_methods(pattern.callback, allowed),
                    pattern.default_args,
                    pattern.name,
                )
            patterns.append(pattern)
        patterns.append(re_path(r"^(?P<rest>.*)$", _not_found_view, name="not-found"))
        return patterns


# --- Pagination -------------------------------------------------------------------------------


class Pagination(Schema):
    """Query parameters of every list; use as `page: Query[Pagination]`."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page (1–500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip before the first returned.")


def page_params(limit: int, offset: int) -> None:
    errors = {}
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = _("between 1 and %(max)d") % {"max": MAX_LIMIT}
    if not 0 <= offset <= MAX_OFFSET:
        errors["offset"] = _("between 0 and %(max)d") % {"max": MAX_OFFSET}
    if errors:
        raise bad_request(errors)


def absolute(url_path: str) -> str:
    """An absolute address on the public site (settings.SITE_URL, never the request's Host)."""
    return f"{settings.SITE_URL}{url_path}"


def _page_url(request, limit: int, offset: int) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in ("limit", "offset")]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return absolute(f"{request.path}?{urlencode(params)}")


def paginate(
    request, queryset, page: Pagination, serialize, count: int | None = None, fetch=list
) -> dict[str, Any]:
    """The envelope of every list: count, limit, offset, next, previous and results. `count`
    saves the COUNT query when the caller already knows it; `fetch` turns the page's sliced
    queryset into rows."""
    limit, offset = page.limit, page.offset
    page_params(limit, offset)
    count = queryset.count() if count is None else count
    rows = fetch(queryset[offset : offset + limit]) if offset < count else []
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _page_url(request, limit, offset + limit) if offset + limit < count else None,
        "previous": _page_url(request, limit, max(0, min(offset, count) - limit)) if offset > 0 else None,
        "results": [serialize(row) for row in rows],
    }


def section_order(field: str):
    """Paragraphs in document order: main body, annex I, annex II (not the codes' alphabetical
    order); rows without a paragraph last."""
    sections = Paragraph.Section.values
    return CaseExpr(
        *(When(**{field: code}, then=Value(i)) for i, code in enumerate(sections)),
        default=Value(len(sections)),
        output_field=IntegerField(),
    ).asc()


# --- Visible-case counts ----------------------------------------------------------------------


def visible_case_count(user, lookup: str):
    """An annotation: how many cases visible to `user` relate to the outer row through `lookup`
    (e.g. "country", "mentions__report", "victims__roles")."""
    counts = (
        Case.objects.visible_to(user)
        .filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def choice_list(request, name: str, choices) -> list[str]:
    """A repeatable parameter whose values must be among `choices` (empty values ignored)."""
    values = [v.strip() for v in request.GET.getlist(name) if v and v.strip()]
    bad = [v for v in values if v not in choices]
    if bad:
        raise bad_request(
            {
                name: _("unknown value %(value)s; expected one of: %(choices)s")
                % {"value": ", ".join(bad), "choices": ", ".join(sorted(choices))}
            }
        )
    return list(dict.fromkeys(values))
