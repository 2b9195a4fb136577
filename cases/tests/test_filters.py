import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from cases.filters import CaseQuery, InvalidQuery, search_cases
from cases.models import Case, Country, Victim
from cases.tests.factories import CaseFactory, MentionFactory, ReportFactory, VictimFactory
from cases.visibility import ANONYMOUS

pytestmark = pytest.mark.django_db


def _ids(params):
    query = CaseQuery.from_querydict(QueryDict(params))
    return {c.title for c in search_cases(Case.objects.visible_to(ANONYMOUS), query)}


@pytest.fixture
def sample():
    a = CaseFactory(
        title="A", country=Country.objects.get(iso2="NI"), mechanisms=["upr"], reprisal_types=["travel-ban"]
    )
    b = CaseFactory(
        title="B", country=Country.objects.get(iso2="DJ"), mechanisms=["cedaw"], status="resolved"
    )
    c = CaseFactory(title="C", country=Country.objects.get(iso2="CN"), mechanisms=["upr", "cedaw"])
    VictimFactory(case=a, gender=Victim.Gender.FEMALE, roles=["journalist"])
    VictimFactory(case=b, gender=Victim.Gender.MALE, roles=["lawyer"])
    MentionFactory(case=a, paragraph__report=ReportFactory(year=2019, symbol="A/HRC/42/30"))
    MentionFactory(case=c, paragraph__report=ReportFactory(year=2020, symbol="A/HRC/45/36"))
    return a, b, c


def test_values_of_one_facet_are_or_ed_and_facets_and_ed(sample):
    assert _ids("country=NI&country=dj") == {"A", "B"}
    assert _ids("mechanism=upr") == {"A", "C"}
    assert _ids("mechanism=upr&country=CN") == {"C"}
    assert _ids("region=Americas") == {"A"}
    assert _ids("year=2019&year=2020") == {"A", "C"}
    assert _ids("gender=female") == {"A"}
    assert _ids("role=lawyer") == {"B"}
    assert _ids("status=resolved") == {"B"}
    assert _ids("type=travel-ban") == {"A"}


def test_invalid_values_are_reported_per_parameter():
    with pytest.raises(InvalidQuery) as error:
        CaseQuery.from_querydict(QueryDict("year=twenty&gender=x&sort=sideways"))
    assert set(error.value.errors) == {"year", "gender", "sort"}


def test_too_many_values_is_an_error():
    with pytest.raises(InvalidQuery):
        CaseQuery.from_querydict(QueryDict("&".join(f"country=C{i}" for i in range(60))))


def test_to_params_round_trips_and_toggles():
    query = CaseQuery.from_querydict(QueryDict("q=ban&country=NI&year=2020"))
    assert CaseQuery.from_querydict(QueryDict("&".join(f"{k}={v}" for k, v in query.to_params()))) == query
    assert ("country", "DJ") in query.toggled("country", "DJ")
    assert ("country", "NI") not in query.toggled("country", "NI")


def test_sorting(sample):
    query = CaseQuery.from_querydict(QueryDict("sort=title"))
    assert [c.title for c in search_cases(Case.objects.all(), query)] == ["A", "B", "C"]
    assert CaseQuery().effective_sort() == "-date"
    assert CaseQuery(q="x").effective_sort() == "relevance"


@pytest.mark.parametrize("year", ["99999999999999999999", "2_020", "+2020", "２０２０", "20"])
def test_years_must_be_four_ascii_digits(year, client):
    with pytest.raises(InvalidQuery):
        CaseQuery.from_querydict(QueryDict(urlencode({"year": year})))
    assert client.get("/cases/", {"year": year}).status_code == 400


def test_dict_params_with_lists_are_accepted():
    query = CaseQuery.from_querydict({"q": ["a", "ban"], "country": "ni"})
    assert query.q == "ban" and query.country == ["NI"]
