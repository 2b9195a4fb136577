"""The public, read-only JSON API, mounted at /api/v1/ (see docs/api.md for the contract).

No interactive docs page: Swagger UI would load its assets from a CDN, and the site makes no
third-party requests. The OpenAPI document is at /api/v1/openapi.json.

To add a resource, write a router in its own module and register it below, e.g.

    api.add_router("/states", "api.states.router")

Lists paginate with `api.common.Pagination` and `api.common.paginate`; errors need nothing (every
exception becomes the standard error body); counts of cases go through `visible_case_count`.
"""

from .common import EndReprisalsAPI

api = EndReprisalsAPI(
    title="EndReprisals API",
    version="1",
    description=(
        "Read-only data on reprisals against people who cooperate with the United Nations. "
        "Within v1, keys are never renamed or removed; new keys and endpoints may be added."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)

api.add_router("/cases", "api.cases.router")
api.add_router("/countries", "api.countries.router")
api.add_router("/reports", "api.reports.router")
api.add_router("", "api.taxonomies.router")
api.add_router("", "states.api.router")
