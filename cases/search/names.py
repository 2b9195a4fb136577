"""Names across spellings: transliteration variants, particles and typos.

The key of a spelling is the ingestion pipeline's transliteration key (ingest.services.link.
phonetic: accents and case gone, "ou"/"u", "ph"/"f", doubled letters, the rules' variant table
"Mohammed"/"Muhammad"), so the two sides compare names the same way. Keys of the index's names
are in SearchNameKey; a word of the query finds the spellings with its key (transliterations,
"alabdouli" for "al Abdouli") and, for typos, those whose key is within one edit (words of four
letters or more) or two (eight or more). The keys are held in this process per data version
and compared with rapidfuzz, the same in SQLite and PostgreSQL.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that begin a name and are written joined or apart: "al-Khawaja", "Alkhawaja",
# "al Khawaja"; "Abd al-Hadi"; "O'Neil" (the apostrophe splits words in the index).
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "abd",
        "abdel",
        "abdul",
        "abu",
        "bin",
        "ben",
        "ibn",
        "bint",
        "o",
        "d",
        "l",
        "de",
        "da",
        "di",
        "du",
        "van",
        "von",
    ]
)
MAX_VARIANTS = 8


@cache
def _variant_table() -> dict[str, str]:
    from ingest.services.link import _variants

    return _variants()


def key(text: str) -> str:
    """The transliteration key of a word, or of words written apart ("al abdouli")."""
    from ingest.services.link import phonetic

    joined = "".join(_WORD.findall(unidecode(text).lower()))
    return phonetic(joined, _variant_table()) if joined else ""


def spellings(name: str) -> Iterable[tuple[str, str]]:
    """(key, words) of a name as the index sees it: each word, and each particle with the
    words it joins ("al abdouli", "abd al hadi")."""
    words = _WORD.findall(name.lower())
    for i, word in enumerate(words):
        if not word.isdigit():
            yield key(word), word
        if word in PARTICLES:
            for size in (2, 3):
                span = words[i : i + size]
                if len(span) == size:
                    yield key(" ".join(span)), " ".join(span)
                    if span[1] not in PARTICLES:
                        break


def record(names: Iterable[str]) -> None:
    """Add the spellings of these names to the table (after the index changed)."""
    from ..models import SearchNameKey

    rows = {(k, w) for name in names for k, w in spellings(name) if k and len(k) <= 120 and len(w) <= 200}
    SearchNameKey.objects.bulk_create(
        [SearchNameKey(key=k, words=w) for k, w in rows], ignore_conflicts=True, batch_size=1000
    )


class Vocabulary:
    def __init__(self, rows: Iterable[tuple[str, str]]):
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for k, w in rows:
            self.by_key[k].add(w)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for k in self.by_key:
            self.by_length[len(k)].append(k)

    def near(self, word: str, max_edits: int | None = None) -> list[tuple[int, str]]:
        """(edits, words) of the spellings whose key is nearest `word`'s, nearest first."""
        wanted = key(word)
        if not wanted:
            return []
        if max_edits is None:
            max_edits = allowed_edits(word)
        found = []
        for length in range(len(wanted) - max_edits, len(wanted) + max_edits + 1):
            keys = self.by_length.get(length)
            if not keys:
                continue
            # The loop over a bucket runs in rapidfuzz's C++ (100,000 keys: a few milliseconds).
            for candidate, edits, _index in process.extract(
                wanted, keys, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=None
            ):
                found.extend((int(edits), w) for w in self.by_key[candidate])
        found.sort()
        return found


def allowed_edits(word: str) -> int:
    letters = len(word)
    return 2 if letters >= 8 else 1 if letters >= 4 else 0


@cache
def _load(using: str, token: int) -> Vocabulary:
    from ..models import SearchNameKey

    return Vocabulary(
        SearchNameKey.objects.using(using).values_list("key", "words").iterator(chunk_size=5000)
    )


def vocabulary(using: str | None = None) -> Vocabulary:
    from ..models import DataVersion

    using = using or connection.alias
    token = DataVersion.current(using)
    if _load.cache_info().currsize > 2:
        _load.cache_clear()
    return _load(using, token)
