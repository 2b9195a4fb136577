"""Facet membership as bitmaps in memory, so that disjunctive facet counts are bit operations
instead of one SQL query per facet.

For each facet value (a country, a year, a mechanism...) the index holds a bitmap — a Python
int whose bit n is set when case n has that value. It records membership only and is never
counted on its own: every count is `popcount(gated & value)`, where `gated` is the bitmap of a
queryset that went through `Case.objects.visible_to()` (and the search), fetched from the
database. So the index cannot reveal a case the visibility rule hides; it only saves the joins.

The index and the fetched bitmaps are cached in the process, keyed by `DataVersion` (a token the
database changes on every write to the tables involved, see cases/models/version.py) and, for
fetched bitmaps, by the compiled SQL and its parameters — which include the visibility
condition, so two users share an entry only when the rule gives them the same query. A write
anywhere makes every entry stale at once; entries are rebuilt on first use.
"""

import hashlib
import threading
import time
from collections import OrderedDict, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Max

from . import facet_changes
from .models import Case, Country, DataVersion, Mention, Report, Victim


def bitmap(ids) -> int:
    """The bitmap with the bits of these (non-negative, integer) ids set."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray(max(ids) // 8 + 1)
    for i in ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


@dataclass(frozen=True)
class FacetIndex:
    token: int
    bits: dict[str, dict[str, int]]  # facet parameter -> value -> bitmap of case ids
    names: dict[str, dict[str, str]]  # facet parameter -> value -> stored (untranslated) name
    # (language, facet parameter) -> value -> label, filled by cases.facets on first use.
    labels: dict = field(default_factory=dict, compare=False, repr=False)
    # How far the change log was read (cases/facet_changes.py); None: not a base for patches (read
    # inside a transaction, which may yet be rolled back with the changes it saw).
    mark: int | None = field(default=None, compare=False)
    made_at: float = field(default_factory=time.time, compare=False)

    def union(self, param: str, values) -> int:
        found = self.bits.get(param, {})
        result = 0
        for value in values:
            result |= found.get(str(value), 0)
        return result


def _pairs(queryset, *fields):
    return queryset.order_by().values_list(*fields)


class _Bitmaps:
    """Bitmaps under construction, a bytearray per facet value: building the index holds one
    bit per case and value, where lists of ids held ~36 bytes per entry (~10 entries a case:
    hundreds of MB at 1,000,000 cases, in a web worker)."""

    def __init__(self, largest_id: int):
        self._size = (largest_id >> 3) + 1
        self._buffers: dict = defaultdict(dict)

    def add(self, param: str, value, pk: int) -> None:
        buffers = self._buffers[param]
        buffer = buffers.get(value)
        if buffer is None:
            buffer = buffers[value] = bytearray(self._size)
        byte = pk >> 3
        if byte >= len(buffer):  # a case created while the index was being read
            buffer.extend(bytes(byte + 1 - len(buffer)))
        buffer[byte] |= 1 << (pk & 7)

    def bits(self) -> dict[str, dict]:
        return {
            param: {value: int.from_bytes(buffer, "little") for value, buffer in buffers.items()}
            for param, buffers in self._buffers.items()
        }


def _base_mark(using: str) -> int | None:
    """The change log's mark for an index read now, or None inside a transaction: what it reads
    there may be rolled back, and a patch from it would keep the undone changes."""
    return None if connections[using].in_atomic_block else facet_changes.mark(using)


def build_index(using: str, token: int) -> FacetIndex:
    """Read every case's facet values: narrow columns and link tables, joined to nothing (the
    ids are mapped to countries, years and slugs here, from the small tables). After a write the
    previous index is patched instead (patched_index), when the change log allows it."""
    mark = _base_mark(using)  # before reading: a change made meanwhile is applied again later
    bits, names = _read(using)
    return FacetIndex(token=token, bits=bits, names=names, mark=mark)


def patched_index(previous: FacetIndex, using: str, token: int) -> FacetIndex | None:
    """`previous` with the facet values of the cases changed since it was read (deleted cases
    drop out), or None when a full read is needed (see facet_changes.changed_since). At 100,000
    cases a full read takes hundreds of milliseconds; a patch for a few cases, a few."""
    if previous.mark is None or time.time() - previous.made_at > facet_changes.kept().total_seconds() / 2:
        return None
    mark = _base_mark(using)
    if mark is None:
        return None
    found = facet_changes.changed_since(using, previous.mark)
    if found is None:
        return None
    ids, _ = found
    if not ids:
        return FacetIndex(token=token, bits=previous.bits, names=previous.names, mark=mark)
    fresh, names = _read(using, only=ids)
    cleared = ~bitmap(ids)
    bits = {}
    for param in previous.bits.keys() | fresh.keys():
        old, new = previous.bits.get(param, {}), fresh.get(param, {})
        values = {}
        for value in old.keys() | new.keys():
            merged = (old.get(value, 0) & cleared) | new.get(value, 0)
            if merged:
                values[value] = merged
        if values:  # as in a full read, a facet without cases is left out
            bits[param] = values
    merged_names = {
        param: {**previous.names.get(param, {}), **names.get(param, {})} for param in previous.names
    }
    # Countries are named only while they have cases (vocabularies are named in full).
    merged_names["country"] = {
        iso2: name
        for iso2, name in merged_names.get("country", {}).items()
        if iso2 in bits.get("country", {})
    }
    return FacetIndex(token=token, bits=bits, names=merged_names, mark=mark)


def _read(using: str, only: list[int] | None = None) -> tuple[dict, dict]:
    """(bits, names) of every case, or of the cases `only` lists: narrow columns and link
    tables, joined to nothing (the ids are mapped to countries, years and slugs here, from the
    small tables)."""

    def of(queryset, case_field):
        return queryset if only is None else queryset.filter(**{f"{case_field}__in": only})

    cases = of(Case.objects.using(using), "pk")
    largest = max(only, default=0) if only is not None else cases.aggregate(largest=Max("pk"))["largest"]
    found = _Bitmaps(largest or 0)
    rows = _pairs(cases, "pk", "country_id", "status", "perpetrator_kind")
    for pk, country_id, status, perpetrator in rows.iterator(chunk_size=20_000):
        found.add("country_id", country_id, pk)
        if status:
            found.add("status", status, pk)
        if perpetrator:
            found.add("perpetrator", perpetrator, pk)
    years = dict(Report.objects.using(using).values_list("pk", "year"))
    mentions = _pairs(of(Mention.objects.using(using), "case_id"), "case_id", "report_id")
    for pk, report_id in mentions.iterator(chunk_size=20_000):
        found.add("year", str(years[report_id]), pk)
    victims = of(Victim.objects.using(using), "case_id")
    for pk, gender in _pairs(victims, "case_id", "gender").iterator(chunk_size=20_000):
        found.add("gender", str(gender), pk)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    linked = (
        ("mechanism", Case.mechanisms.through, "case_id", "mechanism_id"),
        ("type", Case.reprisal_types.through, "case_id", "reprisaltype_id"),
        ("role", Victim.roles.through, "victim__case_id", "victimrole_id"),
    )
    for param, through, case_field, value_field in linked:
        vocabulary = through._meta.get_field(value_field.removesuffix("_id")).related_model
        slugs = {}
        for pk, slug, name in vocabulary.objects.using(using).values_list("pk", "slug", "name"):
            slugs[pk] = slug
            names[param][slug] = name
        pairs = _pairs(of(through.objects.using(using), case_field), case_field, value_field)
        for pk, value in pairs.iterator(chunk_size=20_000):
            found.add(param, slugs[value], pk)
    bits = found.bits()
    by_country = bits.pop("country_id", {})
    countries = Country.objects.using(using).filter(pk__in=list(by_country))
    for pk, iso2, short_name, name, region in _pairs(countries, "pk", "iso2", "short_name", "name", "region"):
        bits.setdefault("country", {})[iso2] = by_country[pk]
        names["country"][iso2] = short_name or name
        if region:
            regions = bits.setdefault("region", {})
            regions[region] = regions.get(region, 0) | by_country[pk]
    return bits, dict(names)


class _Lru:
    """A bounded, thread-safe map that forgets its least recently used entries; the bound is
    read from a setting on every insert, so tests can change it."""

    def __init__(self, bound_setting: str):
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()
        self._bound_setting = bound_setting

    def get(self, key: str):
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        return None

    def put(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > getattr(settings, self._bound_setting):
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class _Cache:
    """The index of the current data version, and an LRU of fetched bitmaps and page ids, in
    this process; behind it, the "facets" cache (settings.CACHES), which the worker processes
    of a machine share when FACET_CACHE_DIR is set, so that one worker's work serves all.
    Values with text (snippets, cards, API representations) stay in this process only, in an
    LRU of their own, per case (REPRESENTATION_CACHE_ENTRIES)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._indexes: dict[str, FacetIndex] = {}
        self._entries = _Lru("FACET_CACHE_ENTRIES")
        self._rows = _Lru("REPRESENTATION_CACHE_ENTRIES")

    def index(self, using: str, token: int | None = None) -> FacetIndex:
        """The index of data version `token` (by default the current one)."""
        token = DataVersion.current(using) if token is None else token
        found = self._indexes.get(using)
        if found is not None and found.token == token:
            return found
        with self._lock:  # one build at a time per process; the others wait and reuse it
            found = self._indexes.get(using)
            if found is None or found.token != token:
                found = self._shared_or_built(using, token)
            return found

    def _shared_or_built(self, using: str, token: int) -> FacetIndex:
        key = _key(using, token, "index")
        index = caches["facets"].get(key)
        if index is None:
            previous = self._indexes.get(using)
            index = previous and patched_index(previous, using, token)
            index = index or build_index(using, token)
            # A write during the build (a new token) means the index may mix two states: use
            # it for this request only.
            if DataVersion.read_now(using) != token:
                return index
            caches["facets"].set(key, index)
        self._indexes[using] = index
        return index

    def bitmap_of(self, queryset, token: int, guard=nullcontext) -> int:
        """The bitmap of the ids a queryset selects. `guard()` (e.g. a time limit) is entered
        around the database query only, so a cached bitmap costs no round trip at all."""
        return self._cached(queryset.order_by().values_list("pk"), token, bitmap, 0, guard)

    def ordered_ids(self, sliced_queryset, token: int) -> list[int]:
        """The ids of one page of an ordered queryset (see kept_for)."""
        return self._cached(sliced_queryset.values_list("pk"), token, list, [])

    def local_by_id(self, using: str, token: int, kind: str, ids: list[int], make) -> dict:
        """{id: value} for these ids, cached per data version, `kind` and id, in this process
        only: for values with text (snippets, cards, API representations), which would outlive
        an erasure in the shared on-disk cache until culled. `make(missing_ids)` returns the values of
        the ids not cached; an id it leaves out (a row gone) is not cached. The caller took the
        ids from a gated queryset, and an entry serves only its own row."""
        keys = {pk: _key(using, token, kind, pk) for pk in ids}
        found = {}
        for pk, key in keys.items():
            value = self._rows.get(key)
            if value is not None:
                found[pk] = value
        missing = [pk for pk in ids if pk not in found]
        if missing:
            made = make(missing)
            for pk, value in made.items():
                self._rows.put(keys[pk], value)
            found.update(made)
        return found

    def derived(self, queryset, token: int, kind: str, compute):
        """`compute()`, a figure derived from the rows `queryset` selects, cached per data
        version, `kind` and the queryset's SQL (see kept_derived)."""
        return self._kept(queryset, token, kind, lambda sql, params: compute(), compute)

    def _cached(self, queryset, token: int, make, empty, guard=nullcontext):
        """`make(ids)` for the ids `queryset` selects, cached per data version and SQL."""

        def fetch(sql, params):
            with guard(), connections[queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                return make(row[0] for row in cursor.fetchall())

        return self._kept(queryset, token, make.__name__, fetch, lambda: empty)

    def _kept(self, queryset, token: int, kind: str, fetch, when_empty):
        """`fetch(sql, params)` cached per data version, `kind` and the queryset's SQL, in this
        process and the shared cache; `when_empty()` for a queryset known to select nothing."""
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # a condition known to match nothing (e.g. an empty IN list)
            return when_empty()
        key = _key(queryset.db, token, kind, sql, params)
        value = self._local(key)
        if value is not None:
            return value
        value = caches["facets"].get(key)
        if value is None:
            value = fetch(sql, params)
            caches["facets"].set(key, value)
        self._remember(key, value)
        return value

    def _local(self, key: str):
        return self._entries.get(key)

    def _remember(self, key: str, value) -> None:
        self._entries.put(key, value)


def _key(using: str, token: int, *parts) -> str:
    """The database (its name too: several databases may share one cache), the data version,
    and what is cached, hashed to a fixed length."""
    database = connections[using].settings_dict["NAME"]
    return "facets:" + hashlib.sha256(repr((str(database), token, *parts)).encode()).hexdigest()


cache = _Cache()


KEPT_CHUNK = 5000


def kept_for(queryset, token: int, kind: str, build) -> list:
    """One value per row (a card, an API representation) of an ordered, usually sliced,
    visibility-gated queryset of cases, in its order, kept per data version, `kind` and id
    in this process (see _Cache.local_by_id).

    The ids come from the gated queryset itself (cached like the bitmaps: ordering tens of
    thousands of matches is the slow part of a list); only the rows not kept are read, by
    primary key, and `build(rows)` returns {pk: value} for them. `kind` must name whatever
    else the value depends on (the language, if it holds text or URLs in it)."""
    ids = cache.ordered_ids(queryset, token)
    rows = queryset.model._default_manager.using(queryset.db)

    def make(missing: list[int]) -> dict:
        made = {}
        for start in range(0, len(missing), KEPT_CHUNK):  # within SQLite's limit of parameters
            made.update(build(rows.filter(pk__in=missing[start : start + KEPT_CHUNK])))
        return made

    found = cache.local_by_id(queryset.db, token, kind, ids, make)
    return [found[pk] for pk in ids if pk in found]


def kept_derived(queryset, kind: str, compute):
    """`compute()`, an aggregate of the cases a visibility-gated queryset selects (the analysis
    charts), kept until the data changes: per data version, `kind` and the queryset's SQL, which
    holds the visibility condition, so an entry serves only users the rule gives the same query.
    `kind` must name whatever else the value depends on (the chart, the language), and the value
    must depend on nothing outside the tables the data version follows (cases/models/version.py).
    It goes to the shared cache like the bitmaps: for counts and vocabulary labels, never a
    case's own text (that belongs in kept_for)."""
    return cache.derived(queryset, DataVersion.current(queryset.db), kind, compute)
