"""Analysis: the numbers behind each chart, the SVGs (well-formed, accessible), the CSVs, the
filters (the case list's parameters), the Council view and the flags next to trends."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest

from cases.models import Case, Country, Mention, Victim
from cases.tests.factories import CaseFactory, VictimFactory
from cases.visibility import ANONYMOUS
from tracking.analysis import caution, charts, data, worldmap

from .conftest import mention

SVG = "{http://www.w3.org/2000/svg}"


def _ids(**filters):
    return Case.objects.visible_to(ANONYMOUS).filter(**filters).values("pk")


@pytest.fixture
def world(db):
    ni, dj, bh = (Country.objects.get(iso2=c) for c in ("NI", "DJ", "BH"))
    a = CaseFactory(
        title="A",
        country=ni,
        mechanisms=["upr", "cedaw"],
        reprisal_types=["travel-ban"],
        perpetrator_kind="state",
    )
    b = CaseFactory(title="B", country=ni, mechanisms=["upr"], perpetrator_kind="non_state")
    c = CaseFactory(title="C", country=dj, reprisal_types=["travel-ban"], perpetrator_kind="state")
    d = CaseFactory(title="D", country=bh)
    VictimFactory(case=a, gender=Victim.Gender.FEMALE, roles=["journalist"])
    VictimFactory(case=a, gender=Victim.Gender.FEMALE, roles=["journalist"])  # same case: counts once
    VictimFactory(case=b, gender=Victim.Gender.MALE, roles=["journalist"])
    mention(a, 2018)
    mention(a, 2019, Mention.Kind.FOLLOW_UP)
    mention(b, 2019)
    mention(c, 2019)
    mention(d, 2020)
    return {"a": a, "b": b, "c": c, "d": d}


def test_cases_per_report_year(world, hidden_cases):
    series = data.cases_by_year(_ids())
    assert series.years == [2018, 2019, 2020]
    values = {key: v for key, _label, v in series.series}
    assert values == {"all": [1, 3, 1], "first": [1, 2, 1], "follow_up": [0, 1, 0]}


def test_dimension_totals_count_distinct_cases(world):
    def totals(slug, **filters):
        return {key: n for key, _label, n in data.dimension_totals(data.DIMENSIONS[slug], _ids(**filters))}

    assert totals("country") == {"NI": 2, "DJ": 1, "BH": 1}
    assert totals("region") == {"Americas": 2, "Africa": 1, "Asia": 1}
    assert totals("mechanism") == {"upr": 2, "cedaw": 1}
    assert totals("type") == {"travel-ban": 2}
    assert totals("role") == {"journalist": 2}
    assert totals("gender") == {"female": 1, "male": 1}
    assert totals("perpetrator") == {"state": 2, "non_state": 1, "unknown": 1}


def test_dimension_by_year(world):
    years, values = data.dimension_by_year(data.DIMENSIONS["mechanism"], _ids())
    assert years == [2018, 2019]
    assert [(k, counts) for k, _l, counts in values] == [
        ("upr", {2018: 1, 2019: 2}),
        ("cedaw", {2018: 1, 2019: 1}),
    ]
    years, values = data.dimension_by_year(data.DIMENSIONS["role"], _ids())
    assert [(k, counts) for k, _l, counts in values] == [("journalist", {2018: 1, 2019: 2})]


def _svg(chart):
    root = ET.fromstring(str(chart.svg))  # noqa: S314  (our own output)
    # The map's countries are links, so it is a labelled group; the other charts are images.
    assert root.tag == f"{SVG}svg" and root.get("role") == ("group" if chart.slug == "map" else "img")
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text == chart.summary
    return root


@pytest.mark.parametrize("slug", charts.SLUGS)
def test_every_chart_is_well_formed_svg_with_a_table(world, slug, client):
    chart = charts.build(slug, _ids())
    _svg(chart)
    assert chart.summary and chart.table.columns
    assert all(len(row) == len(chart.table.columns) for row in chart.table.rows)
    page = client.get(f"/analysis/{slug}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<figcaption>" in body and 'aria-labelledby="chart-' in body
    assert "fewer reported cases" in body.lower() or slug in ("map", "council")
    svg_response = client.get(f"/analysis/{slug}.svg?region=Americas")
    assert svg_response["Content-Type"].startswith("image/svg+xml")
    ET.fromstring(svg_response.content)  # noqa: S314  (our own output)
    rows = list(csv.reader(io.StringIO(b"".join(client.get(f"/analysis/{slug}.csv")).decode("utf-8-sig"))))
    assert rows[0] == chart.table.csv_columns
    assert len(rows) - 1 == len(chart.table.csv_rows)


def test_empty_charts_still_render(db):
    for slug in charts.SLUGS:
        _svg(charts.build(slug, _ids(title="no such case")))


def test_bar_chart_draws_one_bar_per_value(world):
    root = _svg(charts.build("country", _ids()))
    bars = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect")]
    assert bars == ["Nicaragua: 2", "Bahrain: 1", "Djibouti: 1"]


def test_csv_download_has_the_table(world, client):
    body = b"".join(client.get("/analysis/years.csv?country=NI")).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [
        ["year", "all", "first", "follow_up"],
        ["2018", "1", "1", "0"],
        ["2019", "2", "1", "1"],
    ]


def test_filters_change_chart_and_table(world, client):
    everything = client.get("/analysis/").content.decode()
    americas = client.get("/analysis/?region=Americas").content.decode()
    assert '<td class="num">3</td>' in everything
    assert '<td class="num">3</td>' not in americas
    assert client.get("/analysis/?region=Atlantis").status_code == 400
    assert client.get("/analysis/nosuchchart/").status_code == 404


def test_hidden_cases_are_not_counted(world, hidden_cases, client):
    table = charts.build("country", _ids()).table
    assert {row[0]: row[1] for row in table.rows}["Djibouti"] == 1
    body = client.get("/analysis/country/").content.decode()
    assert "Zyx" not in body
    csv_text = b"".join(client.get("/analysis/map.csv")).decode("utf-8-sig")
    assert "DJ,DJI,262,Djibouti,1" in csv_text


def test_map_joins_countries_by_iso_numeric_and_draws_small_ones_as_dots(world):
    root = _svg(charts.build("map", _ids()))
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert {"Nicaragua: 2", "Djibouti: 1", "Bahrain: 1", "Brazil: 0"} <= titles
    shapes = worldmap.shapes()
    assert {s.code for s in shapes if s.code_kind == "numeric"} >= {"558", "262", "076"}
    assert any(s.code_kind == "iso2" and s.code == "XK" for s in shapes)
    assert "048" in {p.code for p in worldmap.small_points()}  # Bahrain
    dots = [c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title").text == "Bahrain: 1"]
    assert len(dots) == 1


def test_council_membership_against_citations(world, monkeypatch):
    ni, dj = Country.objects.get(iso2="NI"), Country.objects.get(iso2="DJ")
    membership = {ni.pk: {2019, 2020}, dj.pk: {2015}}
    monkeypatch.setattr("tracking.analysis.council.council_membership_years", lambda: membership)
    chart = charts.build("council", _ids())
    assert [row[0] for row in chart.table.rows] == ["Nicaragua"]  # Djibouti: not a member when cited
    assert chart.table.rows[0][2] == "2019 (2)"
    assert chart.table.rows[0][3] == 2
    assert ["NI", "Nicaragua", 2019, "true", 2] in chart.table.csv_rows
    assert ["NI", "Nicaragua", 2018, "false", 1] in chart.table.csv_rows
    monkeypatch.setattr("tracking.analysis.council.council_membership_years", lambda: None)
    assert charts.build("council", _ids()).context["available"] is False


def test_council_members_in_reads_the_states_app(db):
    from django.apps import apps

    from tracking.services.council import council_members_in

    if not apps.is_installed("states"):
        assert council_members_in(2020) == set()
        return
    from states.models import CouncilMembership

    ni = Country.objects.get(iso2="NI")
    CouncilMembership.objects.create(
        country=ni,
        regional_group="Latin American and Caribbean",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    assert ni.pk in council_members_in(2020) and ni.pk not in council_members_in(2022)


def test_flags_few_new_cases_many_follow_ups(db, client):
    ni, dj, cn = (Country.objects.get(iso2=c) for c in ("NI", "DJ", "CN"))
    for year in (2017, 2018, 2019):
        mention(CaseFactory(country=cn), year)
    for _n in range(3):  # Nicaragua: 3 cases followed up, 1 new in the window 2017-2021
        case = CaseFactory(country=ni)
        mention(case, 2010)
        mention(case, 2020, Mention.Kind.FOLLOW_UP)
    mention(CaseFactory(country=ni), 2021)
    for _n in range(4):  # Djibouti: many new cases
        mention(CaseFactory(country=dj), 2021)
    mention(CaseFactory(country=dj), 2020, Mention.Kind.FOLLOW_UP)
    years, flags = caution.flagged_countries(_ids())
    assert years == [2017, 2018, 2019, 2020, 2021]
    assert [(f.country.iso2, f.new_cases, f.followed_up) for f in flags] == [("NI", 1, 3)]
    assert 'data-flag="NI"' in client.get("/analysis/").content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).content.decode()
    return len(queries), body


def test_charts_are_kept_until_the_data_changes(world, client):
    built, body = _queries(client, "/analysis/country/")
    kept, again = _queries(client, "/analysis/country/")
    assert again == body and kept < built
    assert _queries(client, "/analysis/country/?region=Americas")[0] == built  # another query
    mention(CaseFactory(country=Country.objects.get(iso2="DJ")), 2020)
    rebuilt, changed = _queries(client, "/analysis/country/")
    assert rebuilt == built
    assert "Djibouti: 2" in changed and "Djibouti: 1" in body


def test_the_council_chart_follows_membership_changes_at_once(world, client, monkeypatch):
    """Membership is not data the data version follows, so that chart is never kept."""
    ni = Country.objects.get(iso2="NI")
    monkeypatch.setattr("tracking.analysis.council.council_membership_years", lambda: {})
    assert "Nicaragua" not in client.get("/analysis/council.csv").getvalue().decode("utf-8-sig")
    monkeypatch.setattr("tracking.analysis.council.council_membership_years", lambda: {ni.pk: {2019}})
    assert "Nicaragua" in client.get("/analysis/council.csv").getvalue().decode("utf-8-sig")
