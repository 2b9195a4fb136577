from datetime import date

import pytest
from django.utils import translation
from django.utils.safestring import mark_safe

from cases.cards import SUMMARY_WORDS, cards_for
from cases.models import Case, Country, DataVersion
from cases.templatetags.case_cards import case_cards
from cases.tests.factories import CaseFactory
from cases.visibility import ANONYMOUS

pytestmark = pytest.mark.django_db


def _cards(snippets=None) -> str:
    return str(case_cards(cards_for(Case.objects.order_by("pk"), DataVersion.current()), snippets))


def test_a_card_shows_the_case_with_its_links_date_status_and_types():
    case = CaseFactory(
        title="Lawyer detained",
        country=Country.objects.get(iso2="NI"),
        incident_date=date(2020, 3, 14),
        incident_date_precision="month",
        reprisal_types=["threats"],
    )
    html = _cards()
    assert f'<a href="{case.get_absolute_url()}">Lawyer detained</a>' in html
    assert f'<a href="{case.country.get_absolute_url()}">Nicaragua</a>' in html
    assert '<time datetime="2020-03-14">March 2020</time>' in html
    assert f'<span class="status status-ongoing">{case.get_status_display()}</span>' in html
    assert '<ul class="tags" aria-label="Reprisal types"><li>' in html
    assert "badge-" not in html  # public, not demo


def test_values_are_escaped_and_only_a_safe_snippet_keeps_its_markup():
    case = CaseFactory(title="<script>alert(1)</script>", summary="Tom & <b>Jerry</b>")
    html = _cards()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;" in html
    marked = _cards({case.pk: mark_safe("a <mark>match</mark>")})
    assert '<p class="snippet" dir="auto" lang="en">a <mark>match</mark></p>' in marked
    assert "Jerry" not in marked  # the snippet replaces the summary
    assert "not &lt;mark&gt;safe&lt;/mark&gt;" in _cards({case.pk: "not <mark>safe</mark>"})


def test_badges_and_a_truncated_summary():
    CaseFactory(visibility="restricted", is_demo=True, summary=" ".join(["word"] * 100), incident_date=None)
    html = _cards()
    assert '<span class="badge badge-restricted">restricted</span>' in html
    assert '<span class="badge badge-demo">demo</span>' in html
    assert "<time" not in html
    assert html.count("word") == SUMMARY_WORDS and "word …</p>" in html


def test_cards_follow_the_active_language():
    CaseFactory(
        country=Country.objects.get(iso2="DE"), incident_date=date(2019, 1, 1), incident_date_precision="year"
    )
    with translation.override("fr"):
        html = _cards()
    assert "/fr/" in html and "Allemagne" in html and ">2019</time>" in html
    assert "/fr/" not in _cards()  # kept per language


def test_cards_keep_the_order_and_are_kept_until_the_data_changes(django_assert_num_queries):
    for title in ("B", "A", "C"):
        CaseFactory(title=title, reprisal_types=["threats"])
    ordered = Case.objects.visible_to(ANONYMOUS).order_by("title")[:2]
    token = DataVersion.current()
    assert [c.public_id for c in cards_for(ordered, token)] == list(
        ordered.values_list("public_id", flat=True)
    )
    with django_assert_num_queries(0):  # the ids and the cards are kept for this data version
        assert ">A</a>" in cards_for(ordered, token)[0].html()
    Case.objects.filter(title="A").update(title="A renamed")
    assert ">A renamed</a>" in cards_for(ordered, DataVersion.current())[0].html()
    assert cards_for(Case.objects.visible_to(ANONYMOUS).filter(pk__in=[])[:5], token) == []
