"""From what was typed to what the index is asked: each term of the query becomes the set of
its alternatives (the words as typed; the same concept's English names when the words name a
country, region, mechanism or reprisal type in any language or an alias; the names spelled
otherwise or within a typo), then one expression per database.

Alternatives are *exact* (as typed, or the same concept named otherwise) or *near* (another
spelling of a name, a typo). The ranking puts the cases an exact expression matches first."""

from dataclasses import dataclass

from . import lexicon as lexicon_module
from . import names as name_index
from .syntax import Query, SearchSyntaxError, Term

# The index column of the victims' names (FTS5); on PostgreSQL their weight, B.
FTS5_NAME_COLUMNS = "{search_names}"


@dataclass(frozen=True)
class Alternative:
    words: tuple[str, ...]
    phrase: bool = True  # the words next to each other; otherwise all of them, anywhere
    exact: bool = True
    names_only: bool = False


@dataclass(frozen=True)
class Expanded:
    """The query's positive clauses (AND of ORs of terms' alternatives), its exclusions and the
    countries of a country: prefix."""

    clauses: tuple[tuple[tuple[Alternative, ...], ...], ...]
    negated: tuple[tuple[Alternative, ...], ...]
    countries: tuple[frozenset[str], ...]
    excluded_countries: frozenset[str]
    # the concepts the words name (lexicon.Lexicon.concepts), for ranking tagged cases first
    concepts: frozenset[tuple[str, str]] = frozenset()

    @property
    def has_near(self) -> bool:
        return any(not a.exact for clause in self.clauses for term in clause for a in term)

    def exact_only(self) -> "Expanded":
        clauses = tuple(tuple(tuple(a for a in t if a.exact) for t in c) for c in self.clauses)
        return Expanded(clauses, self.negated, self.countries, self.excluded_countries, self.concepts)

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)


def expand(query: Query, using: str = "default", *, lexicon=None, vocabulary=None) -> Expanded:
    lexicon = lexicon if lexicon is not None else lexicon_module.current(using)
    vocabulary = vocabulary if vocabulary is not None else name_index.vocabulary(using)
    clauses, countries, concepts = [], [], set()
    for clause in _merge_phrases(query.positive, lexicon):
        if clause[0].field == "country":
            countries.append(frozenset(_countries(clause[0], lexicon)))
            continue
        for term in clause:
            if not term.field:
                concepts |= lexicon.concepts_of(term.words)
        clauses.append(tuple(_alternatives(term, lexicon, vocabulary) for term in clause))
    negated, excluded = [], set()
    for term in query.negative:
        if term.field == "country":
            excluded |= _countries(term, lexicon)
        else:
            negated.append(_alternatives(term, lexicon, vocabulary, near=False))
    return Expanded(
        tuple(clauses), tuple(negated), tuple(countries), frozenset(excluded), frozenset(concepts)
    )


def _countries(term: Term, lexicon) -> set[str]:
    codes = lexicon.countries.get(lexicon_module.fold(term.text))
    if not codes:
        raise SearchSyntaxError(f"country:{term.text} — " + _unknown_country())
    return set(codes)


def _unknown_country() -> str:
    from django.utils.translation import gettext as _

    return _("no country of that name; try its name in any UN language or its ISO code, e.g. country:NI.")


def _is_plain(clause: tuple[Term, ...]) -> bool:
    return len(clause) == 1 and not clause[0].field and not clause[0].quoted


def _merge_phrases(clauses: list[tuple[Term, ...]], lexicon) -> list[tuple[Term, ...]]:
    """Consecutive plain words that together name something ("détention arbitraire", "SR HRDs",
    "al Khawaja") become one term, so they are looked up whole."""
    out: list[tuple[Term, ...]] = []
    i = 0
    while i < len(clauses):
        merged = None
        if _is_plain(clauses[i]):
            for size in range(min(lexicon.longest, len(clauses) - i), 1, -1):
                span = clauses[i : i + size]
                if all(_is_plain(c) for c in span):
                    words = tuple(w for c in span for w in c[0].words)
                    if lexicon.lookup(words, words) or (size == 2 and _particle_pair(words)):
                        merged, i = (Term(words),), i + size
                        break
        if merged is None:
            merged, i = clauses[i], i + 1
        out.append(merged)
    return out


def _particle_pair(words: tuple[str, ...]) -> bool:
    return len(words) == 2 and words[0].lower() in name_index.PARTICLES


def _alternatives(term: Term, lexicon, vocabulary, near: bool = True) -> tuple[Alternative, ...]:
    names_only = term.field == "name"
    typed = Alternative(term.words, phrase=term.quoted or len(term.words) == 1, names_only=names_only)
    found = {typed}
    if not names_only:
        for form in lexicon.lookup(term.words, term.words):
            found.add(Alternative(form))
    if near:
        found.update(_name_variants(term, vocabulary, names_only))
    # The typed words first, then a stable order (the expression is a cache key for snippets).
    return (typed, *sorted(found - {typed}, key=lambda a: (not a.exact, a.words)))


def _name_variants(term: Term, vocabulary, names_only: bool) -> list[Alternative]:
    """Other spellings of a name: one word ("alabdouli", "Cuningham", "Kadr") or a particle
    and its word ("al Khawaja" for "Alkhawaja")."""
    if len(term.words) > 2 or (len(term.words) == 2 and not _particle_pair(term.words)):
        return []
    if any(w.isdigit() for w in term.words):
        return []
    typed = " ".join(term.words).lower()
    joined = "".join(term.words)
    found = vocabulary.near(joined)
    # Without its particle: "al-Family" and "alfamily" also find "Family" (as the ingestion
    # pipeline's name keys do).
    rest = term.words[1] if len(term.words) == 2 else _without_particle(joined)
    if rest:
        found = sorted([*found, *vocabulary.near(rest)])
    variants = []
    for _edits, words in found:
        alternative = Alternative(tuple(words.split()), exact=False, names_only=names_only)
        if words != typed and alternative not in variants:
            variants.append(alternative)
    return variants[: name_index.MAX_VARIANTS]


def _without_particle(word: str) -> str:
    lowered = word.lower()
    for particle in ("al", "el"):
        if lowered.startswith(particle) and len(word) > len(particle) + 3:
            return word[len(particle) :]
    return ""
