"""States cited in the reports while they sat on the Human Rights Council.

For every State and report year: whether it was a Council member at some point in that year
(tracking.services.council, backed by the states app) and how many of the (visible, filtered)
cases concerning it the year's report mentions. A State is "cited while a member" in a year when
both hold.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from cases.models import Country, Mention

from ..services.council import council_membership_years


@dataclass
class StateRow:
    country: Country
    member_years: set[int]
    cited: dict[int, int]  # report year → cases mentioned

    @property
    def cited_while_member(self) -> dict[int, int]:
        return {y: n for y, n in self.cited.items() if y in self.member_years}

    @property
    def cases_while_member(self) -> int:
        return sum(self.cited_while_member.values())


@dataclass
class CouncilData:
    available: bool
    years: list[int]
    rows: list[StateRow] = field(default_factory=list)  # States cited at least once while members


def council_citations(ids) -> CouncilData:
    membership = council_membership_years()
    counts = (
        Mention.objects.filter(case_id__in=ids)
        .order_by()
        .values("case__country_id", "report__year")
        .annotate(n=Count("case_id", distinct=True))
    )
    cited: dict[int, dict[int, int]] = {}
    for r in counts:
        cited.setdefault(r["case__country_id"], {})[r["report__year"]] = r["n"]
    years = sorted({y for per in cited.values() for y in per})
    if membership is None:
        return CouncilData(False, years)
    countries = Country.objects.in_bulk(list(cited))
    rows = [
        StateRow(countries[cid], membership.get(cid, set()), per)
        for cid, per in cited.items()
        if cid in countries and set(per) & membership.get(cid, set())
    ]
    rows.sort(key=lambda r: (-len(r.cited_while_member), -r.cases_while_member, r.country.name))
    return CouncilData(True, years, rows)
