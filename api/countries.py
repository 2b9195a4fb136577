"""/countries: countries and territories, with counts of the cases visible to the caller."""

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from cases.models import Country

from .common import Pagination, absolute, choice_list, paginate, visible_case_count
from .schemas import CountryOut, CountryPage, ErrorOut

router = Router(tags=["countries"])


class CountryFilters(Schema):
    region: list[str] = Field([], description=f"UN region: {', '.join(Country.Region.values)}.")
    status: list[str] = Field([], description=f"Status: {', '.join(Country.Status.values)}.")
    has_cases: bool = Field(False, description="With has_cases=1, only countries with a visible case.")


def _countries(request):
    return Country.objects.annotate(case_count=visible_case_count(request.user, "country"))


def country_dict(country: Country) -> dict:
    return {
        "iso2": country.iso2,
        "iso3": country.iso3 or None,
        "name": country.name,
        "short_name": country.short_name or None,
        "region": country.region,
        "status": country.status,
        "case_count": country.case_count,
        "url": absolute(country.get_absolute_url()),
    }


@router.get(
    "",
    response={200: CountryPage, 400: ErrorOut},
    url_name="countries_list",
    operation_id="countries_list",
    summary="List countries and territories",
)
def list_countries(request, filters: Query[CountryFilters], page: Query[Pagination]):
    """Every country and territory by UN name, with `case_count`: cases the caller may see."""
    countries = _countries(request)
    region = choice_list(request, "region", Country.Region.values)
    status = choice_list(request, "status", Country.Status.values)
    if region:
        countries = countries.filter(region__in=region)
    if status:
        countries = countries.filter(status__in=status)
    if filters.has_cases:
        countries = countries.filter(case_count__gt=0)
    return paginate(request, countries.order_by("name", "iso2"), page, country_dict)


@router.get(
    "/{iso2}",
    response={200: CountryOut, 404: ErrorOut},
    url_name="countries_detail",
    operation_id="countries_detail",
    summary="One country or territory",
)
def get_country(
    request, iso2: str = Path(..., description="ISO 3166-1 alpha-2 code, e.g. DJ (case-insensitive).")
):
    """A country by its ISO 3166-1 alpha-2 code (case-insensitive)."""
    country = _countries(request).filter(iso2=iso2.upper()).first()
    if country is None:
        raise Http404
    return country_dict(country)
