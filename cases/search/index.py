import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.contrib.postgres.search import SearchVector
from django.db import connection

from ..models import Case
from . import names as name_index

# PostgreSQL text-search configuration per case language: the stock stemmers with accents
# removed (created by migration 0003); other languages use "simple" (no stemming).
PG_CONFIG_BY_LANGUAGE = {
    "en": "endreprisals_english",
    "fr": "endreprisals_french",
    "es": "endreprisals_spanish",
    "ru": "endreprisals_russian",
}
PG_DEFAULT_CONFIG = "endreprisals_simple"

_BATCH = 500


_state = threading.local()


@contextmanager
def batched_refresh():
    """Within this block, changes collect case ids instead of re-indexing row by row; the
    cases are re-indexed once, in batches, when the block ends without error."""
    outer = getattr(_state, "pending", None)
    _state.pending = pending = set() if outer is None else outer
    try:
        yield
    finally:
        _state.pending = outer
    if outer is None and pending:
        refresh_cases(pending)


def refresh_soon(case_ids: Iterable[int]) -> None:
    """Re-index now, or at the end of the enclosing batched_refresh() block."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        refresh_cases(case_ids)
    else:
        pending.update(case_ids)


def pg_config_for(language: str) -> str:
    return PG_CONFIG_BY_LANGUAGE.get(language, PG_DEFAULT_CONFIG)


def vocabulary_line(case: Case) -> str:
    """The case's vocabulary in English, which searches in any language are mapped to
    (cases/search/lexicon.py): country and region, mechanisms, reprisal types. Not the
    mechanisms' acronyms: the index ignores case, so "CAT" would match every cat; the lexicon
    maps a capitalised acronym to the mechanism's name instead."""
    country = case.country
    words = [country.name, country.short_name, country.region]
    for mechanism in case.mechanisms.all():
        words.append(mechanism.name)
    words += [reprisal_type.name for reprisal_type in case.reprisal_types.all()]
    return " ; ".join(w for w in words if w)


def _documents(cases: Iterable[Case]):
    for case in cases:
        names = [v.display_name for v in case.victims.all()]
        paragraphs = [m.paragraph.text for m in case.mentions.all() if m.paragraph_id]
        yield case, " ; ".join(names), "\n".join([vocabulary_line(case), case.summary, *paragraphs])


def refresh_cases(case_ids: Iterable[int]) -> None:
    """Rebuild the search columns of these cases (after any change to their text)."""
    ids = list(case_ids)
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        cases = (
            Case.objects.filter(pk__in=batch)
            .select_related("country")
            .prefetch_related("victims", "mentions__paragraph", "mechanisms", "reprisal_types")
            .only(
                "pk",
                "title",
                "summary",
                "language",
                "country__name",
                "country__short_name",
                "country__region",
            )
        )
        changed = []
        for case, names, text in _documents(cases):
            case.search_names, case.search_text = names, text
            changed.append(case)
        name_index.record([*(c.search_names for c in changed), *(c.title for c in changed)])
        # bulk_update issues UPDATE statements, which the FTS5 triggers (SQLite) pick up.
        Case.objects.bulk_update(changed, ["search_names", "search_text"])
        if connection.vendor == "postgresql":
            _refresh_vectors(batch)


def _refresh_vectors(ids: list[int]) -> None:
    languages = set(Case.objects.filter(pk__in=ids).values_list("language", flat=True))
    for language in languages:
        config = pg_config_for(language)
        Case.objects.filter(pk__in=ids, language=language).update(
            search_vector=SearchVector("title", weight="A", config=config)
            + SearchVector("search_names", weight="B", config=config)
            + SearchVector("search_text", weight="C", config=config)
        )
