import random
from dataclasses import replace
from html import escape

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from cases import facet_index
from cases.facets import FacetTimeout, compute_facets, facets_and_count, time_limit
from cases.filters import CaseQuery, filter_cases
from cases.models import Case, Country, DataVersion, Mechanism, Victim
from cases.tests.factories import CaseFactory, VictimFactory
from cases.visibility import ANONYMOUS

pytestmark = pytest.mark.django_db


def _facets(query=None, user=ANONYMOUS, **kwargs):
    query = query or CaseQuery()
    return {f.param: f for f in compute_facets(Case.objects.visible_to(user), query, **kwargs)}


def test_counts_per_value_over_the_filtered_set():
    for iso2 in ("NI", "NI", "DJ"):
        case = CaseFactory(country=Country.objects.get(iso2=iso2), mechanisms=["upr"])
        VictimFactory(case=case, gender=Victim.Gender.FEMALE, roles=["journalist", "lawyer"])
        VictimFactory(case=case, gender=Victim.Gender.FEMALE)
    result = _facets()
    assert {(v.value, v.count) for v in result["country"].values} == {("NI", 2), ("DJ", 1)}
    assert [(v.value, v.count) for v in result["gender"].values] == [("female", 3)]  # cases, not victims
    assert {(v.value, v.count) for v in result["role"].values} == {("journalist", 3), ("lawyer", 3)}
    filtered = _facets(CaseQuery(country=["DJ"]))
    # Its own facet ignores its filter (values are OR-ed); the others narrow to Djibouti.
    assert {(v.value, v.count, v.selected) for v in filtered["country"].values} == {
        ("NI", 2, False),
        ("DJ", 1, True),
    }
    assert [(v.value, v.count) for v in filtered["mechanism"].values] == [("upr", 1)]


def test_a_selected_value_without_matches_is_still_offered():
    CaseFactory(country=Country.objects.get(iso2="NI"))
    result = _facets(CaseQuery(country=["FR"], status=["resolved"]))
    assert ("FR", 0, True) in {(v.value, v.count, v.selected) for v in result["country"].values}
    assert ("resolved", 0, True) in {(v.value, v.count, v.selected) for v in result["status"].values}


def test_hidden_cases_are_not_counted():
    CaseFactory(country=Country.objects.get(iso2="NI"))
    CaseFactory(country=Country.objects.get(iso2="CN"), visibility="confidential")
    assert [v.value for v in _facets()["country"].values] == ["NI"]


def test_a_slow_query_reports_the_facets_as_timed_out_and_the_list_still_renders(client, monkeypatch):
    CaseFactory(title="Still listed")
    original = facet_index.cache.bitmap_of

    def slow(queryset, token, guard):
        with guard():  # the limit applies to the database query, as for a real slow search
            _slow_query()
        return original(queryset, token, guard)

    monkeypatch.setattr(facet_index.cache, "bitmap_of", slow)
    result = _facets(time_limit_ms=50)
    assert all(f.timed_out and f.values == [] for f in result.values())
    monkeypatch.setattr(settings, "FACET_TIME_LIMIT_MS", 50)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


def test_counts_follow_every_kind_of_write_at_once():
    """The index is keyed by the database's data version, which triggers change on any write,
    including bulk updates that send no Django signal."""
    case = CaseFactory(country=Country.objects.get(iso2="NI"))
    assert _counts("country") == {"NI": 1}
    CaseFactory(country=Country.objects.get(iso2="DJ"))
    assert _counts("country") == {"NI": 1, "DJ": 1}
    Case.objects.filter(pk=case.pk).update(visibility="confidential")
    assert _counts("country") == {"DJ": 1}
    Case.mechanisms.through.objects.create(case_id=case.pk, mechanism=Mechanism.objects.get(slug="upr"))
    Case.objects.filter(pk=case.pk).update(visibility="public")
    assert _counts("mechanism") == {"upr": 1}


def test_a_rolled_back_write_leaves_no_stale_counts():
    CaseFactory(country=Country.objects.get(iso2="NI"))
    before = DataVersion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        CaseFactory(country=Country.objects.get(iso2="DJ"))
        assert _counts("country") == {"NI": 1, "DJ": 1}
        raise RuntimeError
    assert DataVersion.current() == before
    assert _counts("country") == {"NI": 1}
    CaseFactory(country=Country.objects.get(iso2="FR"))
    assert DataVersion.current() != before
    assert _counts("country") == {"NI": 1, "FR": 1}


def test_the_count_and_every_facet_agree_with_the_database_filters():
    """Bit operations against the SQL filters the list itself uses, over mixed queries."""
    rng = random.Random(7)
    countries = list(Country.objects.filter(iso2__in=["NI", "DJ", "CN", "FR"]))
    for n in range(24):
        case = CaseFactory(
            country=rng.choice(countries),
            status=rng.choice(Case.Status.values),
            visibility=rng.choice(["public", "public", "restricted"]),
            mechanisms=rng.sample(["upr", "hrc", "cedaw"], rng.randint(0, 2)),
        )
        if n % 3:
            VictimFactory(case=case, gender=rng.choice(Victim.Gender.values), roles=["journalist"])
    visible = Case.objects.visible_to(ANONYMOUS)
    queries = [
        CaseQuery(),
        CaseQuery(country=["NI", "DJ"]),
        CaseQuery(status=["ongoing"], mechanism=["upr", "cedaw"]),
        CaseQuery(gender=["female", "male"], country=["CN"]),
        CaseQuery(role=["journalist"], status=["resolved", "unknown"]),
    ]
    for query in queries:
        assert facets_and_count(visible, query)[1] == filter_cases(visible, query).count()
        for param, facet in _facets(query).items():
            for value in facet.values:
                narrowed = replace(query, **{param: [value.value]})
                assert value.count == filter_cases(visible, narrowed).count(), (query, param, value)


def _counts(param: str) -> dict[str, int]:
    return {v.value: v.count for v in _facets()[param].values}


def _slow_query():
    """A genuinely long-running query on either database, cut short by the time limit."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(2)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) "
                "SELECT count(*) FROM n"
            )
        cursor.fetchall()
    return []


def test_time_limit_does_not_affect_fast_queries():
    with time_limit(1000):
        assert Case.objects.count() == 0
    with pytest.raises(FacetTimeout), time_limit(10):
        _slow_query()


def test_facet_links_escape_labels_and_mark_the_selected_value():
    from cases.facets import Facet, FacetValue
    from cases.templatetags.case_urls import facet_links

    facet = Facet(
        param="role",
        title="Victim role",
        values=[
            FacetValue("journalist", 'Journalist <b>"x"</b>', 1234, selected=True),
            FacetValue("lawyer", "Lawyer & co", 5),
        ],
    )
    html = str(facet_links(CaseQuery(role=["journalist"], country=["NI"]), facet))
    selected, other = html.split("\n")
    # Selecting again removes the value; the other filters are kept, and & is escaped in href.
    assert 'href="?country=NI"' in selected and 'aria-current="true"' in selected
    assert "facet-link selected" in selected and "\u2713" in selected
    assert (
        "Journalist &lt;b&gt;&quot;x&quot;&lt;/b&gt;" in selected
        and '<span class="count">1,234</span>' in selected
    )
    assert 'href="?country=NI&amp;role=journalist&amp;role=lawyer"' in other
    assert "aria-current" not in other and "Lawyer &amp; co" in other


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_facet_links_are_the_toggled_queries_and_counts_the_localised_numbers(language):
    """The links are built per facet, not per value: the same URLs as the query's toggled()
    parameters, and the counts as humanize's intcomma, for every facet of mixed queries."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation
    from django.utils.http import urlencode

    from cases.facets import Facet, FacetValue
    from cases.templatetags.case_urls import facet_links

    queries = [
        CaseQuery(),
        CaseQuery(q='torture "travel ban"', sort="date"),
        CaseQuery(
            q="x", country=["NI", "DJ"], year=[2020], type=["threats"], gender=["female"], status=["ongoing"]
        ),
    ]
    values = {
        "country": ["NI", "FR", "DJ"],
        "region": ["Asia"],
        "year": ["2020", "2019"],
        "mechanism": ["upr"],
        "type": ["threats", "travel-ban"],
        "role": ["journalist"],
        "gender": ["female", "male"],
        "status": ["ongoing"],
        "perpetrator": ["state"],
    }
    with translation.override(language):
        for query in queries:
            for param, names in values.items():
                counts = ([7, 1234, 1234567] * 3)[: len(names)]
                facet = Facet(
                    param=param,
                    title=param,
                    values=[FacetValue(v, v, n) for v, n in zip(names, counts, strict=True)],
                )
                for line, v in zip(str(facet_links(query, facet)).split("\n"), facet.values, strict=True):
                    url = escape("?" + urlencode(query.toggled(param, v.value)))
                    assert f'href="{url}"' in line
                    assert f'<span class="count">{escape(str(intcomma(v.count)))}</span>' in line


def test_labels_follow_the_language_and_a_renamed_value():
    """Labels are kept per data version and language: another language gets its own, and a
    renamed vocabulary entry (a new data version) shows its new name at once."""
    from django.utils import translation

    CaseFactory(country=Country.objects.get(iso2="DE"), mechanisms=["upr"])
    with translation.override("fr"):
        assert [v.label for v in _facets()["country"].values] == ["Allemagne"]
    assert [v.label for v in _facets()["country"].values] == ["Germany"]
    Mechanism.objects.filter(slug="upr").update(name="Renamed review")
    assert [v.label for v in _facets()["mechanism"].values] == ["Renamed review"]
