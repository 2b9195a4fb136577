"""No dead ends: what a search that found nothing could try instead.

Each suggestion is counted on the reader's own visible cases before it is offered, so a
suggestion never reveals a name that only a case the reader cannot see contains.
"""

from dataclasses import dataclass

from django.utils.http import urlencode

from . import names as name_index
from .syntax import SearchSyntaxError, parse

MAX_SPELLINGS = 3


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "spelling", "without_filters", "everywhere"
    q: str
    params: str  # the URL parameters of the suggested search
    count: int


def suggestions(visible, query) -> list[Suggestion]:
    """For a search `query` (cases.filters.CaseQuery) that matched none of `visible`."""
    from ..filters import filter_cases

    if not query.q:
        return []
    try:
        parsed = parse(query.q)
    except SearchSyntaxError:
        return []

    def count(candidate) -> int:
        try:
            return filter_cases(visible, candidate).count()
        except SearchSyntaxError:
            return 0

    out = []
    for q in _respellings(query.q, parsed, visible.db):
        candidate = _with(query, q=q)
        found = count(candidate)
        if found:
            out.append(Suggestion("spelling", q, urlencode(candidate.to_params()), found))
        if len([s for s in out if s.kind == "spelling"]) >= MAX_SPELLINGS:
            break
    if any(getattr(query, name) for name in query.FACET_PARAMS):
        candidate = _with(query, **{name: [] for name in query.FACET_PARAMS})
        found = count(candidate)
        if found:
            out.append(Suggestion("without_filters", query.q, urlencode(candidate.to_params()), found))
    if any(t.field for t in parsed.terms):
        everywhere = " ".join(_unprefixed(clause) for clause in parsed.clauses)
        candidate = _with(query, q=everywhere)
        found = count(candidate)
        if found:
            out.append(Suggestion("everywhere", everywhere, urlencode(candidate.to_params()), found))
    return out


def _with(query, **changes):
    from dataclasses import replace

    return replace(query, **changes)


def _unprefixed(clause) -> str:
    parts = []
    for term in clause:
        text = f'"{term.text}"' if len(term.words) > 1 else term.text
        parts.append(("-" if term.negated else "") + text)
    return " OR ".join(parts)


def _respellings(q: str, parsed, using: str) -> list[str]:
    """The query with one word replaced by the nearest spellings of the names index, allowing
    one edit more than the search itself does ("Did you mean Cunningham?")."""
    vocabulary = name_index.vocabulary(using)
    out = []
    for term in parsed.terms:
        if term.negated or len(term.words) != 1 or len(term.words[0]) < 3:
            continue
        word = term.words[0]
        seen = set()
        for _edits, spelling in vocabulary.near(word, name_index.allowed_edits(word) + 1):
            if spelling in seen or spelling == word.lower():
                continue
            seen.add(spelling)
            out.append(q.replace(word, spelling.title() if word[:1].isupper() else spelling, 1))
            if len(seen) >= MAX_SPELLINGS:
                break
    return out
