from contextlib import nullcontext

import pytest

from cases import facet_index
from cases.facet_index import _Bitmaps, _Cache, bitmap
from cases.models import Case, Country, DataVersion
from cases.tests.factories import CaseFactory
from cases.visibility import ANONYMOUS

pytestmark = pytest.mark.django_db


def test_bitmap_sets_exactly_the_given_bits():
    assert bitmap([]) == 0
    assert bitmap([0, 3, 3, 9]) == 0b1000001001
    assert bitmap(range(1000)).bit_count() == 1000


def test_bitmaps_under_construction_grow_for_a_case_created_meanwhile():
    found = _Bitmaps(largest_id=10)
    for param, value, pk in (("status", "ongoing", 3), ("status", "ongoing", 10), ("country_id", 7, 1000)):
        found.add(param, value, pk)
    found.add("status", "ongoing", 3)
    assert found.bits() == {"status": {"ongoing": bitmap([3, 10])}, "country_id": {7: bitmap([1000])}}


def test_a_second_worker_reuses_the_shared_index_instead_of_rebuilding(monkeypatch):
    CaseFactory(country=Country.objects.get(iso2="NI"))
    builds = []
    real_build = facet_index.build_index

    def counting_build(using, token):
        builds.append(token)
        return real_build(using, token)

    monkeypatch.setattr(facet_index, "build_index", counting_build)
    first, second = _Cache(), _Cache()  # two processes' own memories, one shared cache
    token = DataVersion.current()
    assert first.index("default").bits["country"]["NI"]
    assert second.index("default").token == token
    assert builds == [token]
    CaseFactory(country=Country.objects.get(iso2="DJ"))
    assert "DJ" in second.index("default").bits["country"]
    assert len(builds) == 2


def test_the_version_row_comes_back_after_every_table_was_emptied():
    """`flush` (as transactional test cases and live-server browser tests run it) deletes the
    row; the next read recreates it, and writes change it again."""
    DataVersion.objects.all().delete()
    first = DataVersion.current()
    CaseFactory()
    assert DataVersion.current() != first


@pytest.mark.parametrize("url", ["/cases/?q=torture", "/api/v1/cases?q=torture&facets=1"])
def test_a_list_request_reads_the_data_version_once(client, url):
    """The facets, the page's ids and the snippets share one token (one round trip, and one
    data version for everything the page shows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CaseFactory(title="Torture in detention")
    client.get(url)  # warm: the index and the version row exist
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and b"Torture" in response.content
    reads = [q["sql"] for q in ctx.captured_queries if "cases_dataversion" in q["sql"]]
    assert len(reads) == 1


def test_a_cached_bitmap_skips_the_guard_of_the_database_query():
    CaseFactory()
    cache, token = _Cache(), DataVersion.current()
    entered = []

    def guard():
        entered.append(True)
        return nullcontext()

    visible = Case.objects.visible_to(ANONYMOUS)
    assert cache.bitmap_of(visible, token, guard).bit_count() == 1
    assert cache.bitmap_of(visible, token, guard).bit_count() == 1
    assert entered == [True]


def test_values_by_id_are_made_once_per_version_and_bounded(settings):
    settings.REPRESENTATION_CACHE_ENTRIES = 2
    cache, made = _Cache(), []

    def make(ids):
        made.append(list(ids))
        return {pk: f"row {pk}" for pk in ids if pk != 3}  # 3: a row gone, not kept

    assert cache.local_by_id("default", 1, "kind", [1, 2], make) == {1: "row 1", 2: "row 2"}
    assert cache.local_by_id("default", 1, "kind", [2, 1, 3], make) == {1: "row 1", 2: "row 2"}
    assert made == [[1, 2], [3]]
    cache.local_by_id("default", 2, "kind", [1], make)  # another data version: made again
    assert made[-1] == [1] and len(cache._rows) == 2


def test_kept_values_are_built_in_chunks_in_the_queryset_order(monkeypatch):
    monkeypatch.setattr(facet_index, "KEPT_CHUNK", 2)
    for title in ("E", "D", "C", "B", "A"):
        CaseFactory(title=title)
    chunks = []

    def build(rows):
        rows = list(rows)
        chunks.append(len(rows))
        return {case.pk: case.title for case in rows}

    ordered = Case.objects.visible_to(ANONYMOUS).order_by("title")
    assert facet_index.kept_for(ordered, DataVersion.current(), "titles", build) == ["A", "B", "C", "D", "E"]
    assert chunks == [2, 2, 1]
