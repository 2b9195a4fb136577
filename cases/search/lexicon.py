"""The vocabulary around the cases, in every UN language: what "Chine", "جيبوتي", "détention
arbitraire", "UPR" or "Türkiye" stand for in the index.

The index holds each case's vocabulary in English (country, region, mechanisms with their
abbreviations, reprisal types: see index._documents); content stays in the language it was
written in. A concept here is a set of *index forms* (the English names, abbreviations and the
curators' aliases, which the index contains) reached from *keys*: the same names in the six
languages of the interface (gettext catalogues for our vocabulary, CLDR through Babel and the UN
names of interface/countries.py for countries) and the aliases of `cases/reference/
search_aliases.json`, which curators extend like the ingestion rules.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

ALIASES_FILE = Path(__file__).resolve().parent.parent / "reference" / "search_aliases.json"
_WORD = re.compile(r"\w+", re.UNICODE)
# Sub-phrases of a longer name ("détention arbitraire" in "Groupe de travail sur la détention
# arbitraire") are keys too, but only of two words or more and not made of these alone.
_FILLER = frozenset(
    [
        "the",
        "of",
        "on",
        "and",
        "or",
        "in",
        "for",
        "to",
        "a",
        "an",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "sur",
        "en",
        "el",
        "los",
        "las",
        "del",
        "y",
        "por",
        "para",
        "о",
        "и",
        "в",
        "на",
        "по",
        "для",
    ]
)


def fold(text: str) -> tuple[str, ...]:
    """Words compared without case, accents or a plural ending: "Détention arbitraires" and
    "detention arbitraire" fold alike. Arabic short vowels (combining marks) go too."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(_singular(w) for w in _WORD.findall(plain))


def _is_acronym(text: str) -> bool:
    return text.isupper() and len(text) <= 5 and len(fold(text)) == 1


def _singular(word: str) -> str:
    return word[:-1] if len(word) >= 5 and word[-1] in "sx" and not word.endswith("ss") else word


@dataclass
class Lexicon:
    # folded key -> the index forms (each a tuple of words) of every concept the key names
    keys: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    # abbreviations match only as typed in capitals ("CAT", not "cat")
    capitals: set[str] = field(default_factory=set)
    longest: int = 1
    # folded country names and aliases -> ISO codes, for the country: prefix
    countries: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    # folded full names (not sub-phrases) and aliases -> the concepts they name, as
    # ("country" | "region" | "mechanism" | "type", value): the cases tagged with a concept the
    # query names rank above those that only mention its words.
    concepts: dict[tuple[str, ...], set[tuple[str, str]]] = field(default_factory=dict)

    def add(self, forms: list[str], keys: list[str], *, sub_phrases: bool = False, concept=None) -> None:
        # An acronym of capitals is a key, not something asked of the index: there "CAT" and
        # "cat" are one word. Its concept's full name is.
        index_forms = {tuple(_WORD.findall(f.lower())) for f in forms if f and not _is_acronym(f)}
        index_forms.discard(())
        for key in {*forms, *keys}:
            folded = fold(key or "")
            if not folded:
                continue
            if _is_acronym(key):
                self.capitals.add(folded[0])
            self._put(folded, index_forms)
            if concept:
                self.concepts.setdefault(folded, set()).add(concept)
            if sub_phrases and len(folded) > 2:
                for size in range(2, len(folded)):
                    for start in range(len(folded) - size + 1):
                        span = folded[start : start + size]
                        if not set(span) <= _FILLER and span[0] not in _FILLER and span[-1] not in _FILLER:
                            self._put(span, index_forms)

    def _put(self, folded, forms) -> None:
        self.keys.setdefault(folded, set()).update(forms)
        self.longest = max(self.longest, len(folded))

    def lookup(self, words: tuple[str, ...], typed: tuple[str, ...]) -> set[tuple[str, ...]]:
        folded = self._folded(words, typed)
        return self.keys.get(folded, set()) if folded else set()

    def concepts_of(self, words: tuple[str, ...]) -> set[tuple[str, str]]:
        folded = self._folded(words, words)
        return self.concepts.get(folded, set()) if folded else set()

    def _folded(self, words, typed) -> tuple[str, ...]:
        folded = fold(" ".join(words))
        if len(folded) == 1 and folded[0] in self.capitals and not typed[0].isupper():
            return ()
        return folded


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _translations(message: str) -> list[str]:
    out = []
    for language in _languages():
        with translation.override(language):
            out.append(translation.gettext(message))
    return out


def load_aliases(path: Path = ALIASES_FILE) -> list[list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [group for group in data["groups"] if isinstance(group, list)]


def build() -> Lexicon:
    from interface.countries import country_name

    from ..models import Country, Mechanism, ReprisalType

    lexicon = Lexicon()
    for country in Country.objects.only("iso2", "iso3", "name", "short_name", "region"):
        forms = [country.name, country.short_name]
        keys = [country_name(country.iso2, country.display_name, lang) for lang in _languages()]
        keys += [country_name(country.iso2, country.name, lang) for lang in _languages()]
        lexicon.add(forms, keys, concept=("country", country.iso2))
        for key in {*forms, *keys, country.iso2, country.iso3}:
            if key:
                lexicon.countries.setdefault(fold(key), set()).add(country.iso2)
    for region in Country.Region:
        lexicon.add([region.value], _translations(region.value), concept=("region", region.value))
    for mechanism in Mechanism.objects.only("slug", "name", "abbreviation"):
        lexicon.add(
            [mechanism.name, mechanism.abbreviation],
            _translations(mechanism.name),
            sub_phrases=True,
            concept=("mechanism", mechanism.slug),
        )
    for reprisal_type in ReprisalType.objects.only("slug", "name"):
        lexicon.add(
            [reprisal_type.name],
            _translations(reprisal_type.name),
            sub_phrases=True,
            concept=("type", reprisal_type.slug),
        )
    for group in load_aliases():
        lexicon.add(group, [])
        named = set().union(*(lexicon.concepts.get(fold(member), set()) for member in group))
        for member in group:
            if named and fold(member):
                lexicon.concepts.setdefault(fold(member), set()).update(named)
        # An alias of a country also serves the country: prefix ("country:Türkiye").
        codes = set().union(*(lexicon.countries.get(fold(member), set()) for member in group))
        for member in group:
            if codes:
                lexicon.countries.setdefault(fold(member), set()).update(codes)
    return lexicon


@cache
def _cached(token: int, using: str) -> Lexicon:
    return build()


def current(using: str = "default") -> Lexicon:
    """The lexicon of this database's vocabulary, rebuilt in this process when the data version
    changes (a curator adding a mechanism) — reference data changes rarely, so it is cheap."""
    from ..models import DataVersion

    token = DataVersion.current(using)
    if _cached.cache_info().currsize > 4:
        _cached.cache_clear()
    return _cached(token, using)
