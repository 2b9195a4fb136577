"""Turn the user's words into a database full-text query, filter and rank by it, and build
highlighted snippets for the rows shown.

The query language is in syntax.py; expand.py turns each term into its alternatives (other
languages' names of the same thing, aliases, other spellings of a name, typos). Here the
alternatives become one FTS5 expression (SQLite) or one tsquery (PostgreSQL, to_tsquery in
each case language's configuration). Ranking: bm25 (SQLite) or ts_rank (PostgreSQL) with the
title above the names above the text; when near spellings were added, the cases the exact
words (and their translations) match come first.
"""

from functools import lru_cache

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case as CaseExpr
from django.db.models import F, FloatField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import facet_index
from ..models import Case, DataVersion
from ..models.text_index import Bm25
from .expand import FTS5_NAME_COLUMNS, Alternative, Expanded, expand
from .index import PG_CONFIG_BY_LANGUAGE, PG_DEFAULT_CONFIG
from .syntax import SearchSyntaxError, parse

__all__ = ["SearchSyntaxError", "apply_search", "plan", "snippets", "validate"]

# Private-use characters mark highlights inside database snippets, so the text can be escaped
# safely before the markers become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
# Ranks of the cases the exact words match are lifted by this much above the near ones.
_EXACT_BONUS = 1000.0


def validate(q: str, using: str = "default") -> None:
    """Raise SearchSyntaxError (with a message for the reader) if `q` cannot be searched."""
    plan(q, using)


def plan(q: str, using: str | None = None) -> Expanded | None:
    """The expanded query, or None when `q` holds no searchable word."""
    using = using or connection.alias
    return _plan(q or "", using, DataVersion.current(using))


@lru_cache(maxsize=256)
def _plan(q: str, using: str, token: int) -> Expanded | None:
    parsed = parse(q)
    return expand(parsed, using) if parsed else None


# -- SQLite FTS5 -------------------------------------------------------------------------------


def _fts5_alternative(alt: Alternative) -> str:
    words = [f'"{w}"' for w in alt.words]
    expr = f'"{" ".join(alt.words)}"' if alt.phrase or len(words) == 1 else "(" + " AND ".join(words) + ")"
    return f"{FTS5_NAME_COLUMNS} : {expr}" if alt.names_only else expr


def _fts5_any(alternatives) -> str:
    return "(" + " OR ".join(_fts5_alternative(a) for a in alternatives) + ")"


def fts5_expression(expanded: Expanded, *, any_negated: bool = False) -> str:
    """The FTS5 MATCH expression; `any_negated`: the cases matching any excluded term."""
    if any_negated:
        return " OR ".join(_fts5_any(t) for t in expanded.negated)
    if not expanded.clauses:
        return ""
    expr = " AND ".join(_fts5_any([a for term in clause for a in term]) for clause in expanded.clauses)
    for term in expanded.negated:
        expr = f"({expr}) NOT {_fts5_any(term)}"
    return expr


# -- PostgreSQL tsquery ------------------------------------------------------------------------


def _ts_alternative(alt: Alternative) -> str:
    weight = ":B" if alt.names_only else ""
    words = [f"'{w}'{weight}" for w in alt.words]
    return "(" + (" <-> " if alt.phrase else " & ").join(words) + ")"


def _ts_any(alternatives) -> str:
    return "(" + " | ".join(_ts_alternative(a) for a in alternatives) + ")"


def tsquery_text(expanded: Expanded, *, any_negated: bool = False) -> str:
    """to_tsquery input (each word quoted, \\w+ only, so nothing else can be read as syntax)."""
    if any_negated:
        return " | ".join(_ts_any(t) for t in expanded.negated)
    parts = [_ts_any([a for term in clause for a in term]) for clause in expanded.clauses]
    parts += [f"!{_ts_any(t)}" for t in expanded.negated]
    return " & ".join(parts)


# "" stands for every language without its own configuration.
_LANGUAGES = {**PG_CONFIG_BY_LANGUAGE, "": PG_DEFAULT_CONFIG}


def _language_q(language: str) -> Q:
    return ~Q(language__in=list(PG_CONFIG_BY_LANGUAGE)) if language == "" else Q(language=language)


def _pg_query(text: str, config: str) -> SearchQuery:
    return SearchQuery(text, config=config, search_type="raw")


def _pg_match(text: str) -> Q:
    match = Q()
    for language, config in _LANGUAGES.items():
        match |= _language_q(language) & Q(search_vector=_pg_query(text, config))
    return match


# -- both --------------------------------------------------------------------------------------


def apply_search(queryset, q: str, *, ranked: bool = False):
    """Filter `queryset` to cases matching `q`; with `ranked`, annotated with `rank` (higher is
    better) for ordering by relevance. A query of exclusions only ("-passport") keeps every case
    that matches none of them. Returns the queryset unchanged when `q` holds no searchable word;
    raises SearchSyntaxError for a query that cannot be read."""
    expanded = plan(q, queryset.db)
    if expanded is None:
        return queryset
    for codes in expanded.countries:
        queryset = queryset.filter(country__iso2__in=sorted(codes))
    if expanded.excluded_countries:
        queryset = queryset.exclude(country__iso2__in=sorted(expanded.excluded_countries))
    if not expanded.clauses:
        if expanded.negated:
            queryset = queryset.exclude(pk__in=_matching_ids(expanded, any_negated=True))
        return queryset
    if connection.vendor == "postgresql":
        text = tsquery_text(expanded)
        queryset = queryset.filter(_pg_match(text))
        if not ranked:
            return queryset
        rank_whens = [
            When(_language_q(language), then=SearchRank(F("search_vector"), _pg_query(text, config)))
            for language, config in _LANGUAGES.items()
        ]
        return queryset.annotate(
            rank=_with_exact_bonus(CaseExpr(*rank_whens, output_field=FloatField()), expanded)
        )
    if not ranked:
        # The matching ids as a subquery, which SQLite runs once. Joined, SQLite without
        # statistics (a database grown through ingestion since its last ANALYZE, see
        # cases/planner.py) drives the loop from the visibility index and runs the MATCH once
        # per visible case: 0.8 s against 7 ms for a common word at 10,000 cases. With
        # statistics the two cost the same.
        return queryset.filter(pk__in=_matching_ids(expanded))
    # Ranked: one join with the FTS5 table, so each matched row is ranked once (a correlated
    # bm25() subquery re-ran the match for every row, quadratic in the number of matches). The
    # ORDER BY on bm25() makes SQLite drive this join from the FTS5 table.
    return queryset.filter(text_index__document__fts5_match=fts5_expression(expanded)).annotate(
        rank=_with_exact_bonus(Bm25(F("text_index__document")), expanded)
    )


def _with_exact_bonus(rank, expanded: Expanded):
    """Exact matches above near ones ("Kadar" before "Kadr"'s other spellings): the rank plus a
    constant for the cases the query without its near spellings matches; and, below that, a
    constant for the cases tagged with a concept the words name ("détention arbitraire": the
    cases of that reprisal type before those whose text only mentions detention)."""
    if expanded.has_near:
        exact = _matching_ids(expanded.exact_only())
        rank = rank + CaseExpr(
            When(pk__in=exact, then=Value(_EXACT_BONUS)), default=Value(0.0), output_field=FloatField()
        )
    tagged = _tagged(expanded.concepts)
    if tagged is not None:
        rank = rank + CaseExpr(
            When(tagged, then=Value(_EXACT_BONUS / 2)), default=Value(0.0), output_field=FloatField()
        )
    return rank


def _tagged(concepts) -> Q | None:
    by_kind: dict[str, list[str]] = {}
    for kind, value in concepts:
        by_kind.setdefault(kind, []).append(value)
    if not by_kind:
        return None
    q = Q()
    if "country" in by_kind:
        q |= Q(country__iso2__in=sorted(by_kind["country"]))
    if "region" in by_kind:
        q |= Q(country__region__in=sorted(by_kind["region"]))
    if "mechanism" in by_kind:
        through = Case.mechanisms.through.objects
        q |= Q(pk__in=through.filter(mechanism__slug__in=sorted(by_kind["mechanism"])).values("case_id"))
    if "type" in by_kind:
        through = Case.reprisal_types.through.objects
        q |= Q(pk__in=through.filter(reprisaltype__slug__in=sorted(by_kind["type"])).values("case_id"))
    return q


def _matching_ids(expanded: Expanded, any_negated: bool = False):
    """Ids of cases matching the text of the query (or any excluded term), as a subquery."""
    if connection.vendor == "postgresql":
        return Case.objects.filter(_pg_match(tsquery_text(expanded, any_negated=any_negated))).values("pk")
    expression = fts5_expression(expanded, any_negated=any_negated)
    return RawSQL("SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s", (expression,))


def snippets(case_ids: list[int], q: str, token: int | None = None) -> dict[int, str]:
    """Highlighted excerpts (safe HTML with <mark>) of the search text, for the rows shown.
    `token`: the data version the request read (by default the current one)."""
    expanded = plan(q)
    if not case_ids or expanded is None or not expanded.clauses:
        return {}
    if token is None:
        token = DataVersion.current(connection.alias)

    # Highlighting is the costliest part of a search page on PostgreSQL (ts_headline parses
    # each document again: ~40 ms for 25 rows at 100,000 cases), so snippets are kept per data
    # version, words and case, in this process; only the rows not kept are highlighted.
    def make(missing: list[int]) -> dict[int, str]:
        sql, params = _snippet_query(missing, expanded)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = dict(cursor.fetchall())
        return {pk: found.get(pk) or "" for pk in missing}  # "" is kept too: no snippet

    kind = f"snippet:{connection.vendor}:{fts5_expression(expanded)}"
    kept = facet_index.cache.local_by_id(connection.alias, token, kind, case_ids, make)
    return {pk: _to_html(text) for pk, text in kept.items() if text}


def _snippet_query(case_ids: list[int], expanded: Expanded) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        whens = [
            When(
                _language_q(language),
                then=SearchHeadline(
                    "search_text",
                    _pg_query(tsquery_text(expanded), config),
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
    return sql, [_START, _STOP, fts5_expression(expanded), *case_ids]


def _to_html(text: str) -> str:
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))
