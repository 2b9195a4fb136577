"""The one place this app reads the `states` app (Human Rights Council membership and the
statements in which States raised cases), so it can be pointed elsewhere without touching the
rest. When `states` is not installed, membership is unknown (None) and no statement is derived.
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

SOURCE_NOTE = "states.CouncilMembership"


def states_installed() -> bool:
    return apps.is_installed("states")


def council_membership_years() -> dict[int, set[int]] | None:
    """country id → every calendar year in which the State sat on the Council for at least a day.

    None when no membership data is available (the states app is not installed)."""
    if not states_installed():
        return None
    membership = apps.get_model("states", "CouncilMembership")
    years: dict[int, set[int]] = defaultdict(set)
    for country_id, start, end in membership.objects.values_list("country_id", "start_date", "end_date"):
        years[country_id].update(range(start.year, end.year + 1))
    return dict(years)


def council_members_in(year: int) -> set[int]:
    """Ids of the countries that sat on the Human Rights Council at some point in `year`."""
    return {cid for cid, years in (council_membership_years() or {}).items() if year in years}


def membership_sources() -> list[str]:
    """Distinct source addresses of the membership records, for the page to cite."""
    if not states_installed():
        return []
    membership = apps.get_model("states", "CouncilMembership")
    return list(
        membership.objects.exclude(source_url="").values_list("source_url", flat=True).distinct()[:10]
    )


def statements_raising(case_id: int) -> list[dict]:
    """Statements (from the states app) that raised this case: date, State, session, source."""
    if not states_installed():
        return []
    statement = apps.get_model("states", "Statement")
    rows = []
    for st in (
        statement.objects.filter(raised_cases=case_id)
        .select_related("speaker", "session")
        .prefetch_related("leads")
    ):
        day = st.date or st.session.start_date
        if day is None:
            continue
        leads = ", ".join(c.display_name for c in st.leads.all())
        who = st.speaker.display_name if st.speaker_id else leads
        rows.append(
            {
                "pk": st.pk,
                "date": day,
                "precision": "day" if st.date else "month",
                "state": who,
                "session": str(st.session),
                "source_url": st.source_url or st.session.source_url,
                "joint": not st.speaker_id,
            }
        )
    return rows


def last_statement_date_subquery():
    """Per case (OuterRef "pk"): the latest date of a statement raising it, or None."""
    if not states_installed():
        return None
    statement = apps.get_model("states", "Statement")
    through = statement.raised_cases.through
    return Subquery(
        through.objects.filter(case_id=OuterRef("pk"))
        .annotate(day=Coalesce("statement__date", "statement__session__start_date"))
        .filter(day__isnull=False)
        .order_by("-day")
        .values("day")[:1]
    )


def statements_raising_subquery():
    """Statements raising the case (OuterRef "pk"), each with its `day` (its date, or its
    session's start): a queryset to filter and wrap in Exists, or None."""
    if not states_installed():
        return None
    statement = apps.get_model("states", "Statement")
    return (
        statement.raised_cases.through.objects.filter(case_id=OuterRef("pk"))
        .annotate(day=Coalesce("statement__date", "statement__session__start_date"))
        .filter(day__isnull=False)
    )
