"""Public pages of the States side. Rules live in services.py; every case shown or counted here
comes through `Case.objects.visible_to(request.user)` (inside the services)."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from audit.services import record_access
from cases.models import Country
from endreprisals.csv_cells import formula_safe

from . import services
from .models import Resolution, Session
from .pdf import briefing_pdf


def _state(iso2: str) -> Country:
    """The State with this code; lower-case codes only (one address per page), territories 404."""
    if iso2 != iso2.lower():
        raise Http404
    return get_object_or_404(services.states_queryset(), iso2=iso2.upper())


@require_GET
def state_list(request):
    filters = services.StateFilters.from_params(request.GET)
    states = services.list_states(filters, request.user)
    context = {
        "states": states,
        "filters": filters,
        "regions": Country.Region.choices,
        "resolutions": Resolution.objects.filter(on_reprisals=True).order_by("symbol"),
        "council_years": services.council_year_range(),
    }
    return render(request, "states/state_list.html", context, status=400 if filters.errors else 200)


@require_GET
def state_detail(request, iso2):
    country = _state(iso2)
    profile = services.state_profile(country, request.user)
    record_access(request.user, [r.case for r in profile["raised"]], "view", via=request.path)
    return render(request, "states/state_detail.html", profile)


@require_GET
def session_list(request):
    sessions = Session.objects.select_related("part_of")
    return render(request, "states/session_list.html", {"sessions": sessions})


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(Session.objects.select_related("part_of"), pk=pk)
    statements = services.session_statements(session, request.user)
    record_access(request.user, services.cases_raised_in(statements), "view", via=request.path)
    context = {
        "session": session,
        "statements": statements,
        "parts": session.parts.all(),
        "resolutions": session.resolutions.all(),
    }
    return render(request, "states/session_detail.html", context)


@require_GET
def who_to_ask(request):
    rows = services.who_to_ask(request.user)
    return render(request, "states/who_to_ask.html", {"rows": rows, "rule": services.who_to_ask_rule()})


@require_GET
def who_to_ask_csv(request):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(services.WHO_TO_ASK_COLUMNS)
    for row in services.who_to_ask(request.user):
        values = services.who_to_ask_row(row)
        writer.writerow([formula_safe(values[c]) for c in services.WHO_TO_ASK_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-to-ask.csv"'
    return response


def _briefing(request, iso2):
    country = _state(iso2)
    session = None
    session_id = request.GET.get("session", "")
    if session_id:
        if not session_id.isdigit():
            raise Http404
        session = get_object_or_404(Session, pk=int(session_id))
    return services.briefing(country, request.user, session=session)


@require_GET
def briefing(request, iso2):
    pack = _briefing(request, iso2)
    record_access(request.user, pack.cases, "view", via=request.path)
    return render(request, "states/briefing.html", {"pack": pack, "query": request.GET.urlencode()})


@require_GET
def briefing_as_pdf(request, iso2):
    pack = _briefing(request, iso2)
    # A PDF leaves the site like a CSV: recorded as an export.
    record_access(request.user, pack.cases, "export", via=request.path)
    response = HttpResponse(briefing_pdf(pack), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-{pack.state.iso2.lower()}.pdf"'
    return response
