"""Every chart of /analysis/: its data table, CSV rows, SVG and text alternative, built from the
same numbers so they can never disagree. Stable addresses: /analysis/<slug>/ (page),
/analysis/<slug>.svg and /analysis/<slug>.csv, all taking the case list's parameters.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cases.models import Case, Country

from . import svg, worldmap
from .council import council_citations
from .data import DIMENSIONS, TOP_SERIES, cases_by_year, dimension_by_year, dimension_totals

BAR_LIMIT = 30  # bars drawn; the table lists every value


@dataclass
class Table:
    columns: list[str]
    rows: list[list]  # first cell: label; numbers after `first_number`
    csv_columns: list[str]
    csv_rows: list[list]
    first_number: int = 1
    links: list[str] = field(default_factory=list)  # optional link per row (first cell)

    @property
    def entries(self) -> list[tuple[str, list]]:
        """(link or "", row) pairs, for templates."""
        links = self.links or [""] * len(self.rows)
        return list(zip(links, self.rows, strict=True))


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    svg: SafeString
    table: Table
    notes: list[str] = field(default_factory=list)
    context: dict = field(default_factory=dict)


def _top(rows, n=3) -> str:
    return "; ".join(f"{label} ({value:,})" for label, value in rows[:n])


def _years_chart(ids) -> Chart:
    data = cases_by_year(ids)
    title = _("Cases per report year")
    if data.years:
        bits = []
        for _key, label, values in data.series:
            peak = max(values)
            bits.append(
                _("%(label)s: %(first)s in %(y0)s, %(last)s in %(y1)s, highest %(peak)s in %(ypeak)s")
                % {
                    "label": label,
                    "first": values[0],
                    "y0": data.years[0],
                    "last": values[-1],
                    "y1": data.years[-1],
                    "peak": peak,
                    "ypeak": data.years[values.index(peak)],
                }
            )
        summary = (
            _("Line chart of the number of cases in each year's report, %(y0)s–%(y1)s. ")
            % {
                "y0": data.years[0],
                "y1": data.years[-1],
            }
            + ". ".join(bits)
            + "."
        )
    else:
        summary = _("No case matches these filters.")
    series = [(label, values) for _key, label, values in data.series]
    table = Table(
        columns=[_("Report year"), *[label for _k, label, _v in data.series]],
        rows=[[y, *[values[i] for _k, _l, values in data.series]] for i, y in enumerate(data.years)],
        csv_columns=["year", *[key for key, _l, _v in data.series]],
        csv_rows=[[y, *[values[i] for _k, _l, values in data.series]] for i, y in enumerate(data.years)],
    )
    return Chart(
        "years",
        title,
        summary,
        svg.line_chart("chart-years", title, summary, data.years, series, y_label=_("cases")),
        table,
        notes=[
            _(
                "A case counts once in each year whose report mentions it: first reported (new) "
                "or followed up (already in an earlier report)."
            )
        ],
    )


def _totals_chart(slug, ids) -> Chart:
    dimension = DIMENSIONS[slug]
    rows = dimension_totals(dimension, ids)
    title = str(dimension.title)
    pairs = [(label, n) for _k, label, n in rows]
    if rows:
        summary = _("Bar chart of %(n)d values, most cases first: %(top)s.") % {
            "n": len(rows),
            "top": _top(pairs, 5),
        }
        if len(rows) > BAR_LIMIT:
            summary += " " + _("The chart shows the first %(n)d; the table lists all.") % {"n": BAR_LIMIT}
    else:
        summary = _("No case matches these filters.")
    links = [f"/countries/{key.lower()}/" if slug == "country" else "" for key, _l, _n in rows]
    table = Table(
        columns=[str(dimension.name), _("Cases")],
        rows=[[label, n] for _k, label, n in rows],
        csv_columns=["key", "label", "cases"],
        csv_rows=[[key, label, n] for key, label, n in rows],
        links=links,
    )
    notes = []
    if slug in ("mechanism", "type", "role", "gender"):
        notes.append(
            _("A case can have several values, so the counts add up to more than the number of cases.")
        )
    return Chart(
        slug, title, summary, svg.bar_chart(f"chart-{slug}", title, summary, pairs[:BAR_LIMIT]), table, notes
    )


def _by_year_chart(slug, ids) -> Chart:
    dim_slug = slug.removesuffix("-by-year")
    dimension = DIMENSIONS[dim_slug]
    years, values = dimension_by_year(dimension, ids)
    title = _("%(title)s, per report year") % {"title": dimension.title}
    drawn = values[:TOP_SERIES]
    series = [(label, [counts.get(y, 0) for y in years]) for _k, label, counts in drawn]
    if drawn:
        summary = _(
            "Line chart of the %(n)d most frequent values per report year, %(y0)s–%(y1)s: %(list)s."
        ) % {
            "n": len(drawn),
            "y0": years[0],
            "y1": years[-1],
            "list": "; ".join(
                _("%(label)s highest in %(year)s (%(n)s)")
                % {"label": label, "year": years[vals.index(max(vals))], "n": max(vals)}
                for label, vals in series
            ),
        }
    else:
        summary = _("No case matches these filters.")
    table = Table(
        columns=[str(dimension.name), *years],
        rows=[[label, *[counts.get(y, 0) for y in years]] for _k, label, counts in values],
        csv_columns=["key", "label", *[str(y) for y in years]],
        csv_rows=[[key, label, *[counts.get(y, 0) for y in years]] for key, label, counts in values],
    )
    return Chart(
        slug,
        title,
        summary,
        svg.line_chart(f"chart-{slug}", title, summary, years, series, y_label=_("cases")),
        table,
        notes=[_("The chart draws the %(n)d most frequent values; the table lists all.") % {"n": TOP_SERIES}],
    )


def _classes(peak: int) -> list[int]:
    """Lower bounds of the colour classes: 1, then 1-2-5 steps up to the peak (at most 6)."""
    bounds, step = [1], 1
    while len(bounds) < 6:
        nxt = next(m * step for m in (2, 5, 10) if m * step > bounds[-1])
        if nxt > peak:
            break
        bounds.append(nxt)
        if nxt == 10 * step:
            step *= 10
    return bounds


def _map_link(country, mark: str) -> str:
    """A country on the map links to its page, in the reader's language. For the mouse only:
    the table behind the map has the same links for keyboard and screen-reader users, who would
    otherwise meet some two hundred tab stops (so: out of the tab order, hidden from assistive
    technology)."""
    return svg.element("a", mark, href=country.get_absolute_url(), tabindex="-1", aria_hidden="true")


def _map_chart(ids) -> Chart:
    counts = {
        r["country_id"]: r["n"]
        for r in Case.objects.filter(pk__in=ids).order_by().values("country_id").annotate(n=Count("pk"))
    }
    countries = list(Country.objects.order_by("name"))
    by_numeric = {c.numeric: c for c in countries if c.numeric}
    by_iso2 = {c.iso2: c for c in countries}
    peak = max(counts.values() or [0])
    bounds = _classes(peak) if peak else [1]
    colours = svg.sequential_colours(len(bounds))
    neutral = "#eceef1"

    def colour(n):
        if not n:
            return neutral
        return colours[max(i for i, b in enumerate(bounds) if n >= b)]

    paths, drawn = [], set()
    for shape in worldmap.shapes():
        country = by_numeric.get(shape.code) if shape.code_kind == "numeric" else by_iso2.get(shape.code)
        if country is None:
            paths.append(svg.element("path", d=shape.d, fill=neutral, stroke="#ffffff", stroke_width=0.5))
            continue
        drawn.add(country.pk)
        n = counts.get(country.pk, 0)
        tip = svg.element("title", svg.escape(f"{country.local_name}: {n:,}"))
        path = svg.element("path", tip, d=shape.d, fill=colour(n), stroke="#ffffff", stroke_width=0.5)
        paths.append(_map_link(country, path))
    for point in worldmap.small_points():
        country = by_numeric.get(point.code)
        if country is None:
            continue
        drawn.add(country.pk)
        n = counts.get(country.pk, 0)
        tip = svg.element("title", svg.escape(f"{country.local_name}: {n:,}"))
        dot = svg.element(
            "circle",
            tip,
            cx=svg.fmt(point.x),
            cy=svg.fmt(point.y),
            r=3.5 if n else 2,
            fill=colour(n),
            stroke=svg.INK if n else svg.MUTED,
            stroke_width=0.6,
        )
        paths.append(_map_link(country, dot))
    items = [(neutral, "0")]
    for i, b in enumerate(bounds):
        upper = bounds[i + 1] - 1 if i + 1 < len(bounds) else None
        label = f"{b:,}" if upper == b else (f"{b:,}–{upper:,}" if upper else f"{b:,}+")
        items.append((colours[i], label))
    height = worldmap.HEIGHT + 40
    body = "".join(paths) + svg.legend(10, worldmap.HEIGHT + 14, items)
    ranked = sorted(
        ((c.local_name, counts[c.pk]) for c in countries if counts.get(c.pk)), key=lambda r: (-r[1], r[0])
    )
    title = _("Map of cases per country or territory")
    summary = (
        _(
            "World map shaded by the number of cases per country or territory; countries without cases are grey. %(n)d countries or territories have cases; most: %(top)s."
        )
        % {"n": len(ranked), "top": _top(ranked, 5)}
        if ranked
        else _("No case matches these filters.")
    )
    not_drawn = [c for c in countries if counts.get(c.pk) and c.pk not in drawn]
    rows = [c for c in countries if counts.get(c.pk)]
    rows.sort(key=lambda c: (-counts[c.pk], c.name))
    table = Table(
        columns=[_("Country or territory"), _("Cases")],
        rows=[[c.local_name, counts[c.pk]] for c in rows],
        csv_columns=["iso2", "iso3", "numeric", "country", "cases"],
        csv_rows=[[c.iso2, c.iso3, c.numeric, c.name, counts[c.pk]] for c in rows],
        links=[c.get_absolute_url() for c in rows],
    )
    doc = svg.document("chart-map", worldmap.WIDTH, height, title, summary, body, links=True)
    notes = [
        _(
            "Boundaries: Natural Earth (public domain), 1:110 million; countries too small for "
            "this scale are dots. Boundaries imply no position on the status of any territory."
        )
    ]
    return Chart(
        "map", title, summary, doc, table, notes, {"not_drawn": [(c, counts[c.pk]) for c in not_drawn]}
    )


def _council_chart(ids) -> Chart:
    data = council_citations(ids)
    title = _("States cited in the reports while sitting on the Human Rights Council")
    years = data.years
    cell, label_w, top = 22, 200, 40
    width = label_w + max(len(years), 1) * cell + 20
    height = top + max(len(data.rows), 1) * cell + 50
    parts = []
    for i, y in enumerate(years):
        x = label_w + i * cell + cell / 2
        parts.append(svg.text(x, top - 8, str(y)[2:], text_anchor="middle", font_size=10, fill=svg.MUTED))
    peak = max([n for r in data.rows for n in r.cited.values()] or [1])
    colours = svg.sequential_colours(4)
    for r_i, row in enumerate(data.rows):
        y = top + r_i * cell
        parts.append(
            svg.text(label_w - 8, y + cell - 7, row.country.local_name[:28], text_anchor="end", font_size=11)
        )
        for c_i, year in enumerate(years):
            n = row.cited.get(year, 0)
            member = year in row.member_years
            fill = colours[min(3, (n * 4 - 1) // peak)] if n else "#ffffff"
            tip = svg.element(
                "title",
                svg.escape(
                    f"{row.country.local_name}, {year}: {n} "
                    + (_("(on the Council)") if member else _("(not on the Council)"))
                ),
            )
            parts.append(
                svg.element(
                    "rect",
                    tip,
                    x=label_w + c_i * cell + 1,
                    y=y + 1,
                    width=cell - 2,
                    height=cell - 2,
                    fill=fill,
                    stroke=svg.INK if member else svg.GRID,
                    stroke_width=2 if member else 1,
                )
            )
    parts.append(
        svg.legend(
            10, height - 30, [("#ffffff", _("not cited")), (colours[-1], _("cases cited (darker: more)"))]
        )
    )
    parts.append(
        svg.text(10, height - 4, _("Thick outline: the State sat on the Council that year."), font_size=11)
    )
    if not data.available:
        summary = _("Council membership is not loaded, so this chart cannot be drawn yet.")
    elif data.rows:
        summary = _(
            "Grid of %(n)d States (rows) by report year (columns). A cell is shaded when that year's report cites cases concerning the State, and outlined when the State sat on the Human Rights Council that year. Most years cited while a member: %(top)s."
        ) % {
            "n": len(data.rows),
            "top": _top([(r.country.local_name, len(r.cited_while_member)) for r in data.rows], 5),
        }
    else:
        summary = _("No State was cited in a report while it sat on the Council, for these filters.")
    table = Table(
        columns=[
            _("State"),
            _("Years on the Council"),
            _("Report years citing it while a member"),
            _("Cases cited while a member"),
        ],
        rows=[
            [
                row.country.local_name,
                _years_text(sorted(y for y in row.member_years if years and years[0] <= y <= years[-1])),
                ", ".join(f"{y} ({n})" for y, n in sorted(row.cited_while_member.items())),
                row.cases_while_member,
            ]
            for row in data.rows
        ],
        csv_columns=["iso2", "country", "year", "on_council", "cases_cited"],
        csv_rows=[
            [
                row.country.iso2,
                row.country.name,
                y,
                "true" if y in row.member_years else "false",
                row.cited.get(y, 0),
            ]
            for row in data.rows
            for y in years
            if y in row.member_years or row.cited.get(y)
        ],
        first_number=3,
        links=[row.country.get_absolute_url() for row in data.rows],
    )
    doc = svg.document("chart-council", width, height, title, summary, "".join(parts))
    notes = [
        _(
            "A State is a member in a year when its Council term covers at least one day of that year. Cases are counted in the year of the report that mentions them."
        )
    ]
    return Chart("council", title, summary, doc, table, notes, {"available": data.available})


def _years_text(years: list[int]) -> str:
    """2010, 2011, 2012, 2015 → "2010–2012, 2015"."""
    runs, start, prev = [], None, None
    for y in years:
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            runs.append((start, prev))
            start = prev = y
    if start is not None:
        runs.append((start, prev))
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


SLUGS = ["years", *DIMENSIONS, *(f"{slug}-by-year" for slug in DIMENSIONS), "map", "council"]


def title(slug: str) -> str:
    if slug == "years":
        return _("Cases per report year")
    if slug == "map":
        return _("Map of cases per country or territory")
    if slug == "council":
        return _("States cited while on the Human Rights Council")
    if slug.endswith("-by-year"):
        return _("%(title)s, per report year") % {"title": DIMENSIONS[slug.removesuffix("-by-year")].title}
    return str(DIMENSIONS[slug].title)


def build(slug: str, ids) -> Chart:
    """The chart `slug` over the cases whose ids `ids` (a subquery) selects."""
    if slug == "years":
        return _years_chart(ids)
    if slug == "map":
        return _map_chart(ids)
    if slug == "council":
        return _council_chart(ids)
    if slug.endswith("-by-year"):
        return _by_year_chart(slug, ids)
    return _totals_chart(slug, ids)
