"""Public pages: home, case list with search and facets, case, country and report pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from audit.services import record_access

from ..cards import cards_for
from ..facets import facets_and_count
from ..filters import CaseQuery, InvalidQuery, search_cases
from ..models import Case, Country, DataVersion, Mention, Paragraph, Report, Victim
from ..search.query import snippets
from ..search.suggest import suggestions
from ..statistics import countries_with_counts, headline_figures, reports_with_counts
from ..visibility import get_case_for_user


class CountedPaginator(Paginator):
    """A paginator told the number of rows when it is already known (no COUNT query)."""

    def __init__(self, object_list, per_page, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count if self._known_count is not None else Paginator.count.func(self)


def _visible(request):
    return Case.objects.visible_to(request.user)


@require_GET
def home(request):
    visible = _visible(request)
    recent = cards_for(visible.order_by("-published_at", "-pk")[:6], DataVersion.current(visible.db))
    record_access(request.user, recent, "view", via=request.path)
    return render(request, "cases/home.html", {"figures": headline_figures(visible), "recent": recent})


@require_GET
def case_list(request):
    try:
        query = CaseQuery.from_querydict(request.GET)
    except InvalidQuery as exc:
        return render(request, "cases/list_invalid.html", {"errors": exc.errors}, status=400)
    visible = _visible(request)
    results = search_cases(visible, query)
    # One read of the data version keys every cache the page uses (one round trip, not three).
    token = DataVersion.current(visible.db)
    facets, count = facets_and_count(visible, query, token)
    paginator = CountedPaginator(results, settings.CASES_PER_PAGE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    if query.view == "table":  # the same page as rows: title, country, first incident, status
        page.object_list = list(page.object_list.select_related("country"))
    else:
        page.object_list = cards_for(page.object_list, token)
    record_access(request.user, page.object_list, "view", via=request.path)
    context = {
        "query": query,
        "page": page,
        "snippets": {} if query.view else snippets([card.pk for card in page.object_list], query.q, token),
        "facets": facets,
        "params": urlencode(query.to_params()),
        "sort": query.effective_sort(),
        # No dead ends: other spellings, the search without its filters, in every field.
        "suggestions": suggestions(visible, query) if not count else [],
    }
    template = "cases/_results.html" if request.headers.get("HX-Request") else "cases/list.html"
    return render(request, template, context)


@require_GET
def case_detail(request, public_id):
    case = get_case_for_user(request.user, public_id)
    record_access(request.user, case, "view", via=request.path)
    mentions = (
        Mention.objects.filter(case=case)
        .select_related("report", "paragraph__report")
        .order_by("report__year", "paragraph__section", "paragraph__number")
    )
    victims = Victim.objects.filter(case=case).prefetch_related("roles")
    return render(request, "cases/detail.html", {"case": case, "mentions": mentions, "victims": victims})


@require_GET
def country_list(request):
    countries = countries_with_counts(_visible(request)).order_by("name")
    return render(request, "cases/countries.html", {"countries": countries})


@require_GET
def country_detail(request, iso2):
    country = get_object_or_404(Country, iso2=iso2.upper())
    if iso2 != iso2.lower():  # /countries/DJ/ is a fair guess: send it to the one address
        return redirect(
            country.get_absolute_url() + (f"?{request.GET.urlencode()}" if request.GET else ""),
            permanent=True,
        )
    visible = _visible(request)
    cases = visible.filter(country=country).order_by("-incident_date", "title", "pk")
    # Paginated like the case list: a country can have thousands of cases.
    page = Paginator(cases, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = cards_for(page.object_list, DataVersion.current(visible.db))
    record_access(request.user, page.object_list, "view", via=request.path)
    return render(request, "cases/country.html", {"country": country, "page": page})


@require_GET
def report_list(request):
    reports = reports_with_counts(_visible(request)).order_by("-year", "symbol")
    return render(request, "cases/reports.html", {"reports": reports})


@require_GET
def report_detail(request, symbol):
    report = get_object_or_404(Report, symbol=symbol)
    visible_mentions = Mention.objects.filter(case__in=_visible(request).values("pk")).select_related("case")
    paragraphs = list(
        Paragraph.objects.filter(report=report)
        .select_related("country")
        .prefetch_related(Prefetch("mentions", queryset=visible_mentions, to_attr="visible_mentions"))
        .order_by("section", "number")
    )
    unplaced = list(visible_mentions.filter(report=report, paragraph__isnull=True).order_by("case__title"))
    named = [m.case for p in paragraphs for m in p.visible_mentions] + [m.case for m in unplaced]
    record_access(request.user, named, "view", via=request.path)
    return render(
        request, "cases/report.html", {"report": report, "paragraphs": paragraphs, "unplaced": unplaced}
    )


@require_GET
def about_data(request):
    return render(request, "cases/about_data.html", {"figures": headline_figures(_visible(request))})
