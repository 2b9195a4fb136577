import pytest

from cases import facets
from cases.facets import FacetTimeout, compute_facets, time_limit
from cases.filters import CaseQuery
from cases.models import Case, Country, Victim
from cases.tests.factories import CaseFactory, VictimFactory

pytestmark = pytest.mark.django_db


def _facets(query=None, user=None, **kwargs):
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


def test_a_slow_facet_reports_a_timeout_and_the_others_still_count(monkeypatch):
    CaseFactory()
    original = facets._rows

    def with_slow_country(case_ids):
        rows = original(case_ids)
        rows["country"] = _slow_query
        return rows

    monkeypatch.setattr(facets, "_rows", with_slow_country)
    result = _facets(time_limit_ms=50)
    assert result["country"].timed_out and result["country"].values == []
    assert not result["status"].timed_out and result["status"].values


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
