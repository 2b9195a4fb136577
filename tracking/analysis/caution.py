"""The caution shown next to every trend, and the countries it flags.

Fewer reported cases can mean that intimidation works, not that it stopped. The data can show
one sign of that: a country whose cases keep being followed up in recent reports while almost no
new case from it reaches the UN. The rule, over the last FLAG_WINDOW report years that mention
any case:

    flagged when new cases (first reported in the window) ≤ FLAG_MAX_NEW
             and cases followed up in the window ≥ FLAG_MIN_FOLLOW_UPS.

Closed civic space would be a second sign, but no civic-space rating is loaded in the database,
so it is not used (civic_space_ratings() returns nothing until one is).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from cases.models import Country, Mention

FLAG_WINDOW = 5
FLAG_MAX_NEW = 2
FLAG_MIN_FOLLOW_UPS = 3


@dataclass
class Flag:
    country: Country
    new_cases: int
    followed_up: int


def civic_space_ratings() -> dict[int, str]:
    """country id → rating, when a source is loaded. None is, yet."""
    return {}


def window_years(ids) -> list[int]:
    years = (
        Mention.objects.filter(case_id__in=ids)
        .order_by("-report__year")
        .values_list("report__year", flat=True)
        .distinct()[:FLAG_WINDOW]
    )
    return sorted(years)


def flagged_countries(ids) -> tuple[list[int], list[Flag]]:
    years = window_years(ids)
    if not years:
        return [], []
    rows = (
        Mention.objects.filter(case_id__in=ids, report__year__in=years)
        .order_by()
        .values("case__country_id")
        .annotate(
            new=Count("case_id", distinct=True, filter=Q(kind=Mention.Kind.FIRST)),
            followed=Count("case_id", distinct=True, filter=Q(kind=Mention.Kind.FOLLOW_UP)),
        )
        .filter(new__lte=FLAG_MAX_NEW, followed__gte=FLAG_MIN_FOLLOW_UPS)
    )
    found = {r["case__country_id"]: r for r in rows}
    countries = Country.objects.in_bulk(list(found))
    flags = [Flag(countries[cid], r["new"], r["followed"]) for cid, r in found.items() if cid in countries]
    flags.sort(key=lambda f: (-f.followed_up, f.country.name))
    return years, flags
