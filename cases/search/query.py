"""Turn the user's words into a database full-text query, filter and rank by it, and build
highlighted snippets for the rows shown."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case as CaseExpr
from django.db.models import F, FloatField, Q, TextField, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import facet_index
from ..models import Case, DataVersion
from ..models.text_index import Bm25
from .index import PG_CONFIG_BY_LANGUAGE, PG_DEFAULT_CONFIG

# Private-use characters mark highlights inside database snippets, so the text can be escaped
# safely before the markers become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False


def parse(q: str) -> list[Term]:
    """Words and "quoted phrases"; a leading minus excludes. Punctuation is ignored, so no input
    can produce a syntax error in either database's query language."""
    terms = []
    for neg_phrase, phrase, neg_word, word in _TOKEN.findall(q or ""):
        words = tuple(_WORD.findall(phrase if phrase else word))
        if words:
            terms.append(Term(words, bool(neg_phrase or neg_word)))
    return terms[:MAX_TERMS]


def fts5_expression(terms: list[Term]) -> str:
    positives = [t for t in terms if not t.negated]
    if not positives:
        return ""

    def quoted(term: Term) -> str:
        return '"' + " ".join(term.words) + '"'

    expr = " AND ".join(quoted(t) for t in positives)
    for t in terms:
        if t.negated:
            expr = f"({expr}) NOT {quoted(t)}"
    return expr


def websearch_text(terms: list[Term]) -> str:
    parts = []
    for t in terms:
        text = " ".join(t.words)
        parts.append(("-" if t.negated else "") + (f'"{text}"' if len(t.words) > 1 else text))
    return " ".join(parts)


# "" stands for every language without its own configuration.
_LANGUAGES = {**PG_CONFIG_BY_LANGUAGE, "": PG_DEFAULT_CONFIG}


def _language_q(language: str) -> Q:
    return ~Q(language__in=list(PG_CONFIG_BY_LANGUAGE)) if language == "" else Q(language=language)


def _pg_query(terms, config):
    return SearchQuery(websearch_text(terms), config=config, search_type="websearch")


def apply_search(queryset, q: str, *, ranked: bool = False):
    """Filter `queryset` to cases matching `q`; with `ranked`, annotated with `rank` (higher is
    better) for ordering by relevance. A query of exclusions only ("-passport") keeps every case
    that matches none of them. Returns the queryset unchanged when `q` holds no searchable word."""
    terms = parse(q)
    if not terms:
        return queryset
    positives = [t for t in terms if not t.negated]
    if not positives:
        anything = [Term(t.words) for t in terms]
        return queryset.exclude(pk__in=_matching_ids(queryset.model, anything, any_term=True))
    if connection.vendor == "postgresql":
        match = Q()
        rank_whens = []
        for language, config in _LANGUAGES.items():
            query = _pg_query(terms, config)
            match |= _language_q(language) & Q(search_vector=query)
            rank_whens.append(When(_language_q(language), then=SearchRank(F("search_vector"), query)))
        queryset = queryset.filter(match)
        return (
            queryset.annotate(rank=CaseExpr(*rank_whens, output_field=FloatField())) if ranked else queryset
        )
    if not ranked:
        # The matching ids as a subquery, which SQLite runs once. Joined, SQLite without
        # statistics (a database grown through ingestion since its last ANALYZE, see
        # cases/planner.py) drives the loop from the visibility index and runs the MATCH once
        # per visible case: 0.8 s against 7 ms for a common word at 10,000 cases. With
        # statistics the two cost the same.
        return queryset.filter(pk__in=_matching_ids(queryset.model, terms))
    # Ranked: one join with the FTS5 table, so each matched row is ranked once (a correlated
    # bm25() subquery re-ran the match for every row, quadratic in the number of matches). The
    # ORDER BY on bm25() makes SQLite drive this join from the FTS5 table.
    return queryset.filter(text_index__document__fts5_match=fts5_expression(terms)).annotate(
        rank=Bm25(F("text_index__document"))
    )


def _matching_ids(model, terms: list[Term], any_term: bool = False):
    """Ids of cases matching all terms (or any of them), as a subquery."""
    if connection.vendor == "postgresql":
        match = Q()
        for language, config in _LANGUAGES.items():
            text = " or ".join(websearch_text([t]) for t in terms) if any_term else websearch_text(terms)
            query = SearchQuery(text, config=config, search_type="websearch")
            match |= _language_q(language) & Q(search_vector=query)
        return model.objects.filter(match).values("pk")
    expression = " OR ".join(fts5_expression([t]) for t in terms) if any_term else fts5_expression(terms)
    return RawSQL("SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s", (expression,))


def snippets(case_ids: list[int], q: str, token: int | None = None) -> dict[int, str]:
    """Highlighted excerpts (safe HTML with <mark>) of the search text, for the rows shown.
    `token`: the data version the request read (by default the current one)."""
    terms = parse(q)
    if not case_ids or not any(not t.negated for t in terms):
        return {}
    if token is None:
        token = DataVersion.current(connection.alias)

    # Highlighting is the costliest part of a search page on PostgreSQL (ts_headline parses
    # each document again: ~40 ms for 25 rows at 100,000 cases), so snippets are kept per data
    # version, words and case, in this process; only the rows not kept are highlighted.
    def make(missing: list[int]) -> dict[int, str]:
        sql, params = _snippet_query(missing, terms)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = dict(cursor.fetchall())
        return {pk: found.get(pk) or "" for pk in missing}  # "" is kept too: no snippet

    kind = f"snippet:{connection.vendor}:{terms!r}"
    kept = facet_index.cache.local_by_id(connection.alias, token, kind, case_ids, make)
    return {pk: _to_html(text) for pk, text in kept.items() if text}


def _snippet_query(case_ids: list[int], terms: list[Term]) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        whens = [
            When(
                _language_q(language),
                then=SearchHeadline(
                    "search_text",
                    _pg_query(terms, config),
                    config=config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            for language, config in _LANGUAGES.items()
        ]
        query = (
            Case.objects.filter(pk__in=case_ids)
            .annotate(h=CaseExpr(*whens, output_field=TextField()))
            .values_list("pk", "h")
        )
        return query.query.sql_with_params()
    placeholders = ",".join("%s" for _ in case_ids)
    # Only "%s" placeholders are interpolated; values travel as parameters.
    sql = (
        "SELECT rowid, snippet(cases_case_fts, -1, %s, %s, ' … ', 24) FROM cases_case_fts "  # noqa: S608
        f"WHERE cases_case_fts MATCH %s AND rowid IN ({placeholders})"
    )
    return sql, [_START, _STOP, fts5_expression(terms), *case_ids]


def _to_html(text: str) -> str:
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))
