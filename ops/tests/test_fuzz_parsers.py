"""Property-based tests (hypothesis) of what parses user input: the search query language, the
list/filter parameters and the CSV importer. Only clean outcomes: a result, or the documented
error (InvalidQuery; an ImportResult with errors) — never an exception, never an FTS5 syntax
error. Bounded and repeatable (derandomised)."""

import contextlib
import csv
import io
import sqlite3

import pytest
from django.db import connection
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import tabular
from cases.filters import CaseQuery, InvalidQuery, search_cases
from cases.importer import import_cases_csv
from cases.models import Case
from cases.search.expand import expand
from cases.search.lexicon import Lexicon
from cases.search.names import Vocabulary
from cases.search.query import apply_search, fts5_expression
from cases.search.syntax import SearchSyntaxError, parse
from cases.visibility import SYSTEM

FAST = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))

# Text as people (and attackers) type it: FTS5 operators, quotes, brackets, unicode, controls.
_SPECIAL = st.sampled_from(
    [
        '"',
        "-",
        "*",
        "^",
        ":",
        "(",
        ")",
        "{",
        "}",
        "+",
        "NEAR",
        "AND",
        "OR",
        "NOT",
        "'",
        "\\",
        "\x00",
        "é",
        "ß",
        "ﬁ",
        "🙂",
        "\u200b",
        "١٢",
    ]
)
query_text = st.lists(st.one_of(st.text(max_size=8), _SPECIAL), max_size=12).map(" ".join) | st.text(
    max_size=60
)


@pytest.fixture(scope="module")
def fts5_table():
    """An FTS5 table with the production tokenizer (cases migration 0002)."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, search_names, search_text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?)",
        [("Travel ban", "Ana Pérez", "Detained after the session"), ("Reprisal", "", "NEAR AND OR NOT")],
    )
    yield db
    db.close()


@settings(FAST, max_examples=400)
@given(q=query_text)
def test_fts5_expressions_are_always_valid(fts5_table, q):
    """A query is either refused with SearchSyntaxError (a 400 for the reader) or compiles to
    an expression FTS5 accepts, never an FTS5 syntax error."""
    try:
        parsed = parse(q)
    except SearchSyntaxError:
        return
    try:
        expanded = expand(parsed, lexicon=Lexicon(), vocabulary=Vocabulary([]))
    except SearchSyntaxError:  # country: naming no country
        return
    for expression in (fts5_expression(expanded), fts5_expression(expanded, any_negated=True)):
        if expression:
            fts5_table.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)).fetchall()


@settings(FAST, max_examples=60)
@given(q=query_text)
def test_search_never_fails_on_the_real_database(db, q):
    """Through the real search (FTS5 on SQLite, to_tsquery on PostgreSQL): results or the
    documented SearchSyntaxError."""
    with contextlib.suppress(SearchSyntaxError):
        list(apply_search(Case.objects.all(), q, ranked=True)[:5])


_PARAMS = [*CaseQuery.FACET_PARAMS, "q", "sort", "page", "facets", "unknown"]
_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "2020",
            "20201",
            "+2020",
            "٢٠٢٠",
            "DJ",
            "dj",
            "upr",
            "ongoing",
            "female",
            "Africa",
            "-rank",
            "x" * 600,
        ]
    ),
)


@settings(FAST, max_examples=150)
@given(pairs=st.lists(st.tuples(st.sampled_from(_PARAMS), _VALUES), max_size=25))
def test_query_parameters_parse_or_fail_cleanly(db, pairs):
    params = QueryDict(mutable=True)
    for key, value in pairs:
        params.appendlist(key, value)
    try:
        query = CaseQuery.from_querydict(params)
    except InvalidQuery as exc:
        assert exc.errors and all(isinstance(m, str) for m in map(str, exc.errors.values()))
        return
    # A valid query runs, and round-trips through its own URL parameters.
    list(search_cases(Case.objects.all(), query)[:3])
    again = QueryDict(mutable=True)
    for key, value in query.to_params():
        again.appendlist(key, value)
    assert CaseQuery.from_querydict(again).to_params() == query.to_params()


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


_CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["DJ", "FR", "xx", "public", "confidential", "2024-02-30", "2024-01-01", "true", "='1+1", "a;b"]
    ),
)
_HEADER = st.lists(st.sampled_from([*tabular.CASE_COLUMNS, "junk", ""]), min_size=1, max_size=12)


@settings(FAST, max_examples=80)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.builds(
            lambda header, rows: _csv([header, *rows]),
            _HEADER,
            st.lists(st.lists(_CELL, max_size=12), max_size=4),
        ),
    )
)
def test_the_csv_importer_only_fails_cleanly(db, data):
    before = Case.objects.count()
    result = import_cases_csv(io.BytesIO(data), user=SYSTEM, dry_run=True)
    assert result.ok or result.errors
    for error in result.errors:
        assert isinstance(error.line, int) and str(error.message)
    assert Case.objects.count() == before  # a dry run saves nothing


def test_the_engine_is_known():
    assert connection.vendor in ("sqlite", "postgresql")
