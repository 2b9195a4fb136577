"""Fixtures for the interface tests: one small world that every main page can show, the list of
main pages, and axe-core injected into a Playwright page."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from cases.models import Country, Mention, Paragraph
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
# WCAG 2.1 levels A and AA (axe also tags a few best practices; those are not asserted here).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "ar"]


@dataclass
class World:
    case: object
    report: object
    campaign: object = None
    action: object = None
    petition: object = None


def _make_campaign_world():
    """The campaigns app's own test world (a published campaign, an e-mail action, a petition),
    when the app is there."""
    try:
        from campaigns.tests.factories import make_world
    except ImportError:  # pragma: no cover - the campaigns app is optional for these tests
        return {}
    return make_world()


@pytest.fixture
def ui_world(reference_data, settings):
    """Published public cases in two countries, a report with its paragraphs, a campaign."""
    settings.SITE_URL = "https://endreprisals.example.org"
    report = ReportFactory(
        year=2019,
        session=42,
        symbol="A/HRC/42/30",
        period_start=datetime.date(2018, 5, 1),
        period_end=datetime.date(2019, 4, 30),
    )
    case = CaseFactory(
        title="Passport confiscated after a UPR visit",
        country=Country.objects.get(iso2="DJ"),
        summary="Agents confiscated the passport of a journalist after he spoke at the UPR in Geneva.",
        incident_date=datetime.date(2018, 4, 12),
        incident_date_precision="month",
        mechanisms=["upr", "human-rights-council"],
        reprisal_types=["travel-ban", "threats"],
    )
    VictimFactory(case=case, name="Example Defender", gender="male", roles=["journalist"])
    MentionFactory(
        case=case,
        report=report,
        paragraph=ParagraphFactory(
            report=report,
            section=Paragraph.Section.ANNEX_I,
            number=12,
            text="Agents confiscated the passport of a journalist who had cooperated with the UPR.",
        ),
        kind=Mention.Kind.FIRST,
    )
    for number in range(13, 16):
        ParagraphFactory(report=report, number=number)
    CaseFactory(
        title="Lawyer threatened after a treaty body review",
        country=Country.objects.get(iso2="NI"),
        mechanisms=["cedaw"],
        reprisal_types=["threats"],
    )
    campaigns = _make_campaign_world()
    return World(
        case=case,
        report=report,
        campaign=campaigns.get("campaign"),
        action=campaigns.get("action"),
        petition=campaigns.get("petition"),
    )


# The main pages: (id, URL name, arguments from the world, query string). Every one is checked by
# axe in English and Arabic; a page whose route does not exist is skipped, saying so.
MAIN_PAGES = [
    ("home", "cases:home", lambda w: [], ""),
    ("case-list-search-facet", "cases:list", lambda w: [], "?q=passport&country=DJ"),
    ("case", "cases:detail", lambda w: [w.case.public_id], ""),
    ("countries", "cases:countries", lambda w: [], ""),
    ("country", "cases:country", lambda w: ["dj"], ""),
    ("reports", "cases:reports", lambda w: [], ""),
    ("report", "cases:report", lambda w: [w.report.symbol], ""),
    ("about", "cases:about-data", lambda w: [], ""),
    ("states", "states:list", lambda w: [], ""),
    ("state", "states:detail", lambda w: ["dj"], ""),
    ("who-to-ask", "states:who-to-ask", lambda w: [], ""),
    ("sessions", "states:sessions", lambda w: [], ""),
    ("briefing", "states:briefing", lambda w: ["dj"], ""),
    ("intake", "intake:submit", lambda w: [], ""),
    ("intake-status", "intake:status", lambda w: [], ""),
    ("campaigns", "campaigns:list", lambda w: [], ""),
    ("campaign", "campaigns:detail", lambda w: [w.campaign.slug], ""),
    ("campaign-action", "campaigns:action", lambda w: [w.campaign.slug, w.action.slug], ""),
    ("petition", "campaigns:petition", lambda w: [w.campaign.slug, w.petition.slug], ""),
    ("analysis", "tracking:analysis", lambda w: [], ""),
    ("chart-map", "tracking:chart", lambda w: ["map"], ""),
    ("silent", "tracking:silent", lambda w: [], ""),
    ("recurring", "tracking:recurring", lambda w: [], ""),
    ("follow-case", "tracking:follow-case", lambda w: [w.case.public_id], ""),
]


def page_path(world, url_name, args, query="", language="en"):
    """The address of a main page in a language, or a skip when the page does not exist (yet)."""
    try:
        arguments = args(world)
    except AttributeError as exc:  # e.g. no campaign: the campaigns app is absent
        pytest.skip(f"{url_name}: nothing to show ({exc})")
    try:
        with translation.override(language):
            return reverse(url_name, args=arguments) + query
    except NoReverseMatch:
        pytest.skip(f"route {url_name} does not exist (yet)")


def run_axe(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as loaded (CSP is bypassed for the
    injected script only: the page's own policy forbids inline scripts)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(result => result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))""",
        WCAG_TAGS,
    )


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)
