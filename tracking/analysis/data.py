"""The numbers behind the charts, aggregated by the database (GROUP BY with COUNT DISTINCT
over the ids of the filtered, visibility-gated cases; never a loop over cases).

Counting rules:
- "cases" are distinct cases: a case with two victims who are journalists counts once under
  "journalist"; a case with two mechanisms counts once under each (so totals across values of a
  multi-valued dimension can exceed the number of cases).
- "report year" is the year of a Secretary-General report that mentions the case; a case
  mentioned in three reports counts once in each of those years.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Country, Mention, Victim

TOP_SERIES = 5  # values drawn as lines in a "by year" chart (the table has them all)


@dataclass
class Dimension:
    slug: str
    title: str  # "Cases by …"
    name: str  # the dimension, for column headers
    totals: object  # ids → [(key, label, n)]
    by_year: object  # ids → [(key, label, year, n)]


def _labelled(rows, key, label):
    return [(r[key], label(r), r["n"]) for r in rows]


def _labelled_years(rows, key, year, label):
    return [(r[key], label(r), r[year], r["n"]) for r in rows if r[year] is not None]


def _choice(choices, field):
    labels = dict(choices)
    return lambda r: str(labels.get(r[field], r[field]))


def _country_label(prefix=""):
    return lambda r: r[f"{prefix}country__short_name"] or r[f"{prefix}country__name"]


def _cases(ids):
    return Case.objects.filter(pk__in=ids).order_by()


def _mentions(ids):
    return Mention.objects.filter(case_id__in=ids).order_by()


def _through(relation, ids, case_path="case_id"):
    return relation.through.objects.filter(**{f"{case_path}__in": ids}).order_by()


def _country_totals(ids):
    rows = _cases(ids).values("country__iso2", "country__name", "country__short_name").annotate(n=Count("pk"))
    return _labelled(rows, "country__iso2", _country_label())


def _country_by_year(ids):
    rows = (
        _mentions(ids)
        .values("report__year", "case__country__iso2", "case__country__name", "case__country__short_name")
        .annotate(n=Count("case_id", distinct=True))
    )
    return _labelled_years(rows, "case__country__iso2", "report__year", _country_label("case__"))


def _simple(field):
    def totals(ids):
        rows = _cases(ids).values(field).annotate(n=Count("pk"))
        return _labelled(rows, field, _choice(_CHOICES[field], field))

    def by_year(ids):
        rows = (
            _mentions(ids)
            .values("report__year", f"case__{field}")
            .annotate(n=Count("case_id", distinct=True))
        )
        return _labelled_years(
            rows, f"case__{field}", "report__year", _choice(_CHOICES[field], f"case__{field}")
        )

    return totals, by_year


_CHOICES = {
    "country__region": Country.Region.choices,
    "perpetrator_kind": Case.Perpetrator.choices,
}


def _vocabulary(relation, term, case_path):
    """Mechanisms, reprisal types (case m2m) and victim roles (victim m2m)."""

    def label(r):
        return gettext(r[f"{term}__name"])

    def totals(ids):
        rows = (
            _through(relation, ids, case_path)
            .values(f"{term}__slug", f"{term}__name")
            .annotate(n=Count(case_path, distinct=True))
        )
        return _labelled(rows, f"{term}__slug", label)

    def by_year(ids):
        year = case_path.replace("case_id", "case__mentions__report__year")
        rows = (
            _through(relation, ids, case_path)
            .filter(**{f"{year}__isnull": False})
            .values(f"{term}__slug", f"{term}__name", year)
            .annotate(n=Count(case_path, distinct=True))
        )
        return _labelled_years(rows, f"{term}__slug", year, label)

    return totals, by_year


def _gender_totals(ids):
    rows = (
        Victim.objects.filter(case_id__in=ids)
        .order_by()
        .values("gender")
        .annotate(n=Count("case_id", distinct=True))
    )
    return _labelled(rows, "gender", _choice(Victim.Gender.choices, "gender"))


def _gender_by_year(ids):
    rows = (
        Victim.objects.filter(case_id__in=ids, case__mentions__report__year__isnull=False)
        .order_by()
        .values("gender", "case__mentions__report__year")
        .annotate(n=Count("case_id", distinct=True))
    )
    return _labelled_years(
        rows, "gender", "case__mentions__report__year", _choice(Victim.Gender.choices, "gender")
    )


_region_totals, _region_by_year = _simple("country__region")
_perp_totals, _perp_by_year = _simple("perpetrator_kind")
_mech_totals, _mech_by_year = _vocabulary(Case.mechanisms, "mechanism", "case_id")
_type_totals, _type_by_year = _vocabulary(Case.reprisal_types, "reprisaltype", "case_id")
_role_totals, _role_by_year = _vocabulary(Victim.roles, "victimrole", "victim__case_id")

DIMENSIONS = {
    d.slug: d
    for d in [
        Dimension(
            "country",
            _("Cases by country or territory"),
            _("Country or territory"),
            _country_totals,
            _country_by_year,
        ),
        Dimension("region", _("Cases by region"), _("Region"), _region_totals, _region_by_year),
        Dimension(
            "mechanism", _("Cases by UN mechanism engaged"), _("UN mechanism"), _mech_totals, _mech_by_year
        ),
        Dimension("type", _("Cases by reprisal type"), _("Reprisal type"), _type_totals, _type_by_year),
        Dimension("role", _("Cases by victim role"), _("Victim role"), _role_totals, _role_by_year),
        Dimension("gender", _("Cases by victim gender"), _("Gender"), _gender_totals, _gender_by_year),
        Dimension(
            "perpetrator",
            _("Cases by alleged perpetrator"),
            _("Alleged perpetrator"),
            _perp_totals,
            _perp_by_year,
        ),
    ]
}


@dataclass
class YearSeries:
    years: list[int]
    series: list[tuple[str, str, list[int]]] = field(default_factory=list)  # (key, label, values)


def cases_by_year(ids) -> YearSeries:
    """Per report year: cases mentioned, first reported, followed up."""
    rows = _mentions(ids).values("report__year", "kind").annotate(n=Count("case_id", distinct=True))
    all_rows = _mentions(ids).values("report__year").annotate(n=Count("case_id", distinct=True))
    totals = {r["report__year"]: r["n"] for r in all_rows}
    by_kind: dict[str, dict[int, int]] = {Mention.Kind.FIRST: {}, Mention.Kind.FOLLOW_UP: {}}
    for r in rows:
        by_kind.setdefault(r["kind"], {})[r["report__year"]] = r["n"]
    years = _year_range(totals)
    return YearSeries(
        years,
        [
            ("all", gettext("cases mentioned"), [totals.get(y, 0) for y in years]),
            ("first", gettext("first reported"), [by_kind[Mention.Kind.FIRST].get(y, 0) for y in years]),
            ("follow_up", gettext("followed up"), [by_kind[Mention.Kind.FOLLOW_UP].get(y, 0) for y in years]),
        ],
    )


def _year_range(years) -> list[int]:
    return list(range(min(years), max(years) + 1)) if years else []


def dimension_totals(dimension: Dimension, ids) -> list[tuple[str, str, int]]:
    """(key, label, cases), most cases first."""
    return sorted(dimension.totals(ids), key=lambda r: (-r[2], r[1]))


def dimension_by_year(dimension: Dimension, ids) -> tuple[list[int], list[tuple[str, str, dict[int, int]]]]:
    """Years, and for every value (most cases overall first): its count per report year."""
    per_value: dict[str, tuple[str, dict[int, int]]] = {}
    for key, label, year, n in dimension.by_year(ids):
        per_value.setdefault(key, (label, {}))[1][year] = n
    years = _year_range({y for _, counts in per_value.values() for y in counts})
    ranked = sorted(per_value.items(), key=lambda kv: (-sum(kv[1][1].values()), kv[1][0]))
    return years, [(key, label, counts) for key, (label, counts) in ranked]
