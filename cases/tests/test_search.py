import pytest

from cases.filters import CaseQuery, filter_cases, search_cases
from cases.models import Case
from cases.search.query import fts5_expression, plan, snippets
from cases.search.syntax import parse
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, VictimFactory
from cases.visibility import ANONYMOUS

pytestmark = pytest.mark.django_db


def _search(q, user=ANONYMOUS):
    return list(search_cases(Case.objects.visible_to(user), CaseQuery(q=q)))


def test_parse_handles_phrases_negation_or_and_punctuation():
    query = parse('passport "summoned twice" -Geneva ) mendoza OR (kadar* ')
    assert [[t.words for t in clause] for clause in query.clauses] == [
        [("passport",)],
        [("summoned", "twice")],
        [("Geneva",)],
        [("mendoza",), ("kadar",)],
    ]
    assert query.clauses[2][0].negated
    expression = fts5_expression(plan('passport "summoned twice" -Geneva'))
    assert expression == '(("passport") AND ("summoned twice")) NOT ("Geneva")'


def test_only_punctuation_is_no_search():
    CaseFactory()
    assert len(_search('"*()":')) == 1


def test_finds_by_title_victim_and_paragraph_text():
    by_title = CaseFactory(title="Passport confiscated after Geneva visit")
    by_victim = CaseFactory(title="Another case")
    VictimFactory(case=by_victim, name="Kadar Abdi Ibrahim")
    by_paragraph = CaseFactory(title="Third case")
    MentionFactory(
        case=by_paragraph, paragraph=ParagraphFactory(text="The lawyer was summoned by intelligence agents.")
    )
    assert _search("passport") == [by_title]
    assert _search("kadar ibrahim") == [by_victim]
    assert _search("intelligence") == [by_paragraph]


def test_accents_and_case_are_ignored():
    case = CaseFactory(title="Vanessa Mendoza Cortés")
    assert _search("cortes") == [case]
    assert _search("MENDOZA") == [case]


def test_title_match_ranks_above_body_match():
    body = CaseFactory(title="Unrelated title", summary="A statement at the Committee about detention")
    title = CaseFactory(title="Detention after a statement", summary="Nothing else")
    assert _search("detention") == [title, body]


def test_negation_excludes():
    keep = CaseFactory(title="Travel ban on a lawyer")
    CaseFactory(title="Travel ban on a journalist")
    assert _search("travel -journalist") == [keep]


def test_search_respects_visibility():
    CaseFactory(title="Hidden detention", visibility="confidential")
    assert _search("hidden") == []


def test_snippets_highlight_and_escape():
    case = CaseFactory(title="Case", summary="She spoke <b>boldly</b> to the Committee against Torture.")
    html = snippets([case.pk], "torture")
    assert "<mark>Torture</mark>" in html[case.pk]
    # Markup in the text never reaches the page as markup (SQLite escapes it, PostgreSQL's
    # headline parser drops tags).
    assert "<b>" not in html[case.pk] and "boldly" in html[case.pk]


def test_snippets_follow_an_edit_of_the_text():
    """A page's snippets are cached per data version: an edit shows at once."""
    case = CaseFactory(
        title="Case", summary="Detained after meeting the Subcommittee on Prevention of Torture."
    )
    assert "<mark>Torture</mark>" in snippets([case.pk], "torture")[case.pk]
    case.summary = "Threatened after a visit by the Special Rapporteur on torture."
    case.save()
    html = snippets([case.pk], "torture")[case.pk]
    assert "Rapporteur" in html and "Subcommittee" not in html


def test_index_follows_edits_and_deletes():
    case = CaseFactory(title="Original wording")
    case.title = "Revised wording"
    case.save()
    assert _search("original") == []
    assert _search("revised") == [case]
    victim = VictimFactory(case=case, name="Zeynep Example")
    assert _search("zeynep") == [case]
    victim.delete()
    assert _search("zeynep") == []


def test_exclusions_alone_keep_everything_else():
    keep = CaseFactory(title="Travel ban on a lawyer")
    CaseFactory(title="Passport seized")
    assert _search("-passport") == [keep]


def test_batched_refresh_indexes_once_at_the_end():
    from cases.search.index import batched_refresh

    case = CaseFactory(title="Before")
    with batched_refresh():
        for n in range(5):
            VictimFactory(case=case, name=f"Batchname{n}")
        assert _search("batchname3") == []  # not yet re-indexed inside the block
    assert _search("batchname3") == [case]


def test_ranked_results_can_be_nested_in_another_query():
    case = CaseFactory(title="Nested passport case")
    ranked = search_cases(Case.objects.visible_to(ANONYMOUS), CaseQuery(q="passport"))
    assert list(Case.objects.filter(pk__in=ranked[:5].values("pk"))) == [case]
    assert [c.rank for c in ranked] and ranked[0].rank > 0


@pytest.mark.parametrize("q", ["passport", '"travel ban"', "passport -Geneva"])
def test_ranked_and_unranked_searches_match_the_same_cases(q):
    CaseFactory(title="Passport seized")
    CaseFactory(title="Passport seized in Geneva")
    CaseFactory(title="A travel ban", visibility="confidential")
    CaseFactory(title="Another travel ban")
    CaseFactory(title="Nothing here")
    visible = Case.objects.visible_to(ANONYMOUS)
    unranked = filter_cases(visible, CaseQuery(q=q))
    assert "rank" not in unranked.query.annotations
    assert set(unranked) == set(search_cases(visible, CaseQuery(q=q))) != set()
    # Sorted by something else than relevance, a search is not ranked either.
    by_date = search_cases(visible, CaseQuery(q=q, sort="-date"))
    assert "rank" not in by_date.query.annotations and set(by_date) == set(unranked)
