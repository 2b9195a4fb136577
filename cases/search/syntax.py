"""The search box's query language, parsed into clauses the backends compile.

    words           every word must match (AND)
    "a phrase"      the words next to each other, in this order
    a OR b          either (also "|"); binds tighter than the implicit AND: `x a OR b` = x AND (a OR b)
    -word, -"a b"   excludes the cases that match
    name:word       only in the victims' names
    country:word    the case's country, by name in any UN language, ISO code or alias

Punctuation inside words is ignored ("al-Abdouli" is the words "al" and "Abdouli", as the index
sees them). A malformed query raises SearchSyntaxError with a message for the person who typed
it; the list page and the API answer it with a 400.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_TERMS = 12
FIELDS = ("name", "country")
_WORD = re.compile(r"\w+", re.UNICODE)
# A token: optional minus, optional field prefix, then a quoted phrase or a bare run of
# non-space characters. An opening quote without its closing quote is caught separately.
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"|([^\s"]+))|(")')


_OR = object()  # the OR operator among the parsed terms


class SearchSyntaxError(ValueError):
    """The query cannot be read; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False
    field: str = ""  # "" (everywhere), "name" or "country"
    quoted: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Query:
    """Clauses AND-ed; each clause is the OR of its terms. A negated term is a clause alone."""

    clauses: tuple[tuple[Term, ...], ...]

    @property
    def terms(self) -> list[Term]:
        return [t for clause in self.clauses for t in clause]

    @property
    def positive(self) -> list[tuple[Term, ...]]:
        return [c for c in self.clauses if not c[0].negated]

    @property
    def negative(self) -> list[Term]:
        return [c[0] for c in self.clauses if c[0].negated]

    def __bool__(self) -> bool:
        return bool(self.clauses)


def parse(q: str) -> Query:
    tokens: list[Term | str] = []
    for minus, field, phrase, bare, stray_quote in _TOKEN.findall(q or ""):
        if stray_quote:
            raise SearchSyntaxError(_("A quotation mark is not closed: phrases go between two quotes."))
        if not field and not minus and bare in ("OR", "|"):
            tokens.append(_OR)
            continue
        if not field and bare.endswith(":") and bare[:-1].lower() in FIELDS:
            field, bare = bare[:-1], ""  # "name:" with nothing after it
        field = field.lower()
        if field and field not in FIELDS:
            # "https://…" is text, not a prefix; any other unknown prefix is reported rather
            # than silently searched as words.
            if not bare.startswith("/"):
                raise SearchSyntaxError(
                    _("Unknown field “%(field)s:”; use one of: %(fields)s.")
                    % {"field": field, "fields": ", ".join(f + ":" for f in FIELDS)}
                )
            bare, field = f"{field} {bare}", ""
        words = tuple(_WORD.findall(phrase if phrase else bare))
        if not words:
            if field:
                raise SearchSyntaxError(_("“%(field)s:” needs a word after it.") % {"field": field})
            continue
        tokens.append(Term(words, negated=bool(minus), field=field, quoted=bool(phrase)))
    return Query(tuple(_clauses(tokens)))


def _clauses(tokens: list) -> list[tuple[Term, ...]]:
    clauses: list[list[Term]] = []
    pending_or = False
    for i, token in enumerate(tokens):
        if token is _OR:
            if not clauses or pending_or or i == len(tokens) - 1:
                raise SearchSyntaxError(_("OR needs a word on each side, e.g. mendoza OR kadar."))
            pending_or = True
            continue
        if pending_or:
            if token.negated or clauses[-1][-1].negated:
                raise SearchSyntaxError(_("An excluded word (-word) cannot be one side of OR."))
            if token.field == "country" or clauses[-1][-1].field == "country":
                raise SearchSyntaxError(_("country: cannot be one side of OR; use the country filter."))
            clauses[-1].append(token)
            pending_or = False
        else:
            clauses.append([token])
    if sum(len(c) for c in clauses) > MAX_TERMS:
        raise SearchSyntaxError(_("At most %(n)d words or phrases in one search.") % {"n": MAX_TERMS})
    return [tuple(c) for c in clauses]
