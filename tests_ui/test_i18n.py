"""The interface in the UN's languages, without a browser: complete catalogues, compiled catalogues
in step with their sources, language-prefixed addresses (and the ones that stay unprefixed), the
language switch, right-to-left Arabic, locale formats, translated vocabularies and country names,
social preview cards, and the intake's address stripping under a language prefix."""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cases.models import Country, Mechanism, ReprisalType, VictimRole
from cases.reference import vocabularies
from cases.tests.factories import CaseFactory
from cases.visibility import Visibility

LOCALE = Path(settings.BASE_DIR) / "locale"
COMPLETE = ["fr", "es", "ar", "zh_Hans", "ru"]  # every string, always: the six UN languages
MACHINERY = ["zh_Hans", "ru"]  # completed last; their public pages are also checked one by one


@pytest.fixture(autouse=True)
def _english_first():
    """Each test starts in English: a request to a prefixed page leaves its language active in
    the test's thread (the test client runs the middleware in the same thread)."""
    with translation.override("en"):
        yield


def _catalogue(locale):
    with open(LOCALE / locale / "LC_MESSAGES" / "django.po", "rb") as f:
        return read_po(f, locale=locale.replace("_Hans", "_Hans_CN") if locale == "zh_Hans" else locale)


def _untranslated(catalogue):
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    return problems


@pytest.mark.parametrize("locale", COMPLETE)
def test_catalogue_is_complete(locale):
    """Run `make messages`, then translate every new or fuzzy entry (README, "Translations")."""
    catalogue = _catalogue(locale)
    assert len(catalogue) > 1000
    assert not catalogue.fuzzy, f"{locale}: the catalogue header is marked fuzzy"
    problems = _untranslated(catalogue)
    assert not problems, f"{locale}: {len(problems)} entries to translate:\n" + "\n".join(problems[:50])


@pytest.mark.parametrize("locale", COMPLETE)
def test_compiled_catalogue_matches_its_source(locale):
    """The .mo files are committed (the app runs without gettext tools): they must be rebuilt
    whenever the .po changes (`make messages`)."""
    catalogue = _catalogue(locale)
    with open(LOCALE / locale / "LC_MESSAGES" / "django.mo", "rb") as f:
        compiled = read_mo(f)

    def key(m):
        context = m.context.decode() if isinstance(m.context, bytes) else m.context
        return (context, tuple(m.id) if isinstance(m.id, list | tuple) else m.id)

    def strings(m):
        return tuple(s for s in m.string if s) if isinstance(m.string, list | tuple) else m.string

    expected = {key(m): strings(m) for m in catalogue if m.id and not m.fuzzy and strings(m)}
    actual = {key(m): strings(m) for m in compiled if m.id}
    assert actual == expected, f"locale/{locale}/LC_MESSAGES/django.mo is stale: run `make messages`"


@pytest.mark.parametrize("locale", MACHINERY)
def test_machinery_languages_translate_navigation_home_and_case_list(locale):
    catalogue = _catalogue(locale)
    for msgid in [
        "Cases",
        "Countries",
        "Reports",
        "States",
        "About the data",
        "Skip to content",
        "Search the cases",
        "Search",
        "Filter",
        "Reprisals against people who cooperate with the United Nations",
        "Recently published",
        "Country or territory",
        "Reprisal type",
    ]:
        assert catalogue.get(msgid) and catalogue.get(msgid).string, f"{locale}: {msgid!r}"
    assert all(catalogue.get(("%(count)s case", "%(count)s cases")).string)


# Sources whose strings only staff read (back office, staff tools, commands, e-mails to staff):
# Chinese and Russian are held to every other string, i.e. every public page.
STAFF_ONLY = re.compile(
    r"(^|/)(admin[^/]*\.py|admin/|staff[^/]*|management/|roles\.py|housekeeping\.py|importer\.py)"
    r"|^(ingest|accounts|audit|ops|mailer|api|bench)/"
)


def _public(message) -> bool:
    return any(not STAFF_ONLY.search(path) for path, _line in message.locations)


@pytest.mark.parametrize("locale", MACHINERY)
def test_machinery_languages_translate_every_public_page(locale):
    """Every string of a public page (its template, view, form or displayed model field) has a
    Chinese and a Russian translation: a defender can report, read and follow in either."""
    catalogue = _catalogue(locale)
    problems = [problem for m in catalogue if m.id and _public(m) for problem in _untranslated([m])]
    assert not problems, f"{locale}: {len(problems)} public entries to translate:\n" + "\n".join(
        problems[:50]
    )


@pytest.mark.parametrize(
    "path, language, expected, english",
    [
        ("/intake/", "ru", "Сообщить о репрессиях", "Report a reprisal"),
        ("/intake/", "zh-hans", "报告报复行为", "Report a reprisal"),
        ("/intake/status/", "ru", "Проверьте статус вашего сообщения", "Check the status of your report"),
        ("/states/", "zh-hans", "国家", "Council member today"),
    ],
)
def test_public_pages_read_in_chinese_and_russian(client, db, path, language, expected, english):
    body = client.get(f"/{language}{path}").content.decode()
    assert expected in body and english not in body


def test_case_state_and_follow_pages_in_chinese_and_russian(client, db):
    case = CaseFactory(country=Country.objects.get(iso2="DJ"))
    pages = {
        f"/cases/{case.public_id}/": {"ru": "Краткое содержание", "zh-hans": "摘要"},
        "/states/dj/": {"ru": "Случаи, касающиеся этого государства", "zh-hans": "涉及该国的案例"},
        f"/cases/{case.public_id}/follow/": {"ru": "По электронной почте", "zh-hans": "通过电子邮件"},
    }
    english = {"Summary", "Cases concerning this State", "By e-mail"}
    for path, expected in pages.items():
        for language, text in expected.items():
            response = client.get(f"/{language}{path}")
            assert response.status_code == 200, (language, path)
            body = response.content.decode()
            assert text in body, (language, path)
            assert not [word for word in english if f">{word}<" in body], (language, path)


@pytest.mark.parametrize("locale", COMPLETE)
def test_every_reference_vocabulary_name_is_translated(locale):
    catalogue = _catalogue(locale)
    names = [row[1] for row in vocabularies.MECHANISMS]
    names += [row[1] for row in vocabularies.REPRISAL_TYPES] + [row[1] for row in vocabularies.VICTIM_ROLES]
    missing = [name for name in names if not (catalogue.get(name) and catalogue.get(name).string)]
    assert not missing, f"{locale}: vocabulary names without a translation: {missing}"


def test_term_labels_follow_the_active_language(db):
    upr = Mechanism.objects.get(slug="upr")
    travel = ReprisalType.objects.get(slug="travel-ban")
    journalist = VictimRole.objects.get(slug="journalist")
    with translation.override("fr"):
        assert upr.label == "Examen périodique universel"
        assert travel.label.startswith("Interdiction de voyager")
    with translation.override("es"):
        assert upr.label == "Examen Periódico Universal"
    with translation.override("ar"):
        assert upr.label == "الاستعراض الدوري الشامل"
        assert journalist.label == "صحفي"
    assert upr.label == "Universal Periodic Review"


# --- Addresses --------------------------------------------------------------------------------


def test_english_keeps_its_unprefixed_addresses_and_other_languages_are_prefixed(client, db):
    assert reverse("cases:list") == "/cases/"
    with translation.override("fr"):
        assert reverse("cases:list") == "/fr/cases/"
    with translation.override("zh-hans"):
        assert reverse("cases:home") == "/zh-hans/"
    for path, lang, direction in [
        ("/", "en", "ltr"),
        ("/cases/", "en", "ltr"),
        ("/fr/cases/", "fr", "ltr"),
        ("/es/countries/", "es", "ltr"),
        ("/ar/cases/", "ar", "rtl"),
        ("/zh-hans/", "zh-hans", "ltr"),
        ("/ru/reports/", "ru", "ltr"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{direction}">' in html, path
        assert response.headers["Content-Language"] == lang


def test_unprefixed_addresses_are_english_whatever_the_cookie_or_browser_says(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_machine_addresses_stay_outside_the_language_prefix(client, db):
    assert client.get("/api/v1/cases").status_code == 200
    assert client.get("/fr/api/v1/cases").status_code == 404
    assert client.get("/ar/admin/").status_code == 404
    assert client.get("/admin/").status_code == 302  # to the sign-in page
    # Downloads and feeds keep their unprefixed addresses, which the pages link to.
    assert client.get("/cases.csv").status_code == 200
    assert client.get("/cases/feed/").status_code == 200
    html = client.get("/fr/countries/dj/").content.decode()
    assert 'href="/cases.csv?country=DJ"' in html


def test_the_language_switch_redirects_to_the_same_page_in_the_chosen_language(client, db):
    set_language = reverse("set_language")
    assert set_language == "/i18n/setlang/"
    response = client.post(set_language, {"language": "fr", "next": "/cases/?q=passport&country=DJ"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/cases/?q=passport&country=DJ"
    # From a prefixed page, to another language (the switch is itself under the prefix).
    with translation.override("ar"):
        set_language = reverse("set_language")
    assert set_language == "/ar/i18n/setlang/"
    response = client.post(set_language, {"language": "es", "next": "/ar/countries/dj/"})
    assert response.headers["Location"] == "/es/countries/dj/"
    response = client.post(set_language, {"language": "en", "next": "/ar/countries/dj/"})
    assert response.headers["Location"] == "/countries/dj/"


def test_language_menu_links_to_this_page_in_every_language(client, db):
    html = client.get("/fr/cases/?q=passport").content.decode()
    for code, path in [
        ("en", "/cases/?q=passport"),
        ("es", "/es/cases/?q=passport"),
        ("ar", "/ar/cases/?q=passport"),
        ("zh-hans", "/zh-hans/cases/?q=passport"),
        ("ru", "/ru/cases/?q=passport"),
    ]:
        assert f'href="{path}" hreflang="{code}" lang="{code}"' in html
        assert f'<link rel="alternate" hreflang="{code}" href="{settings.SITE_URL}{path}">' in html
    assert 'lang="fr" dir="ltr" data-lang-prefix="/fr" aria-current="true">Français</a>' in html
    # An error page offers each language's home page, and no alternates.
    missing = client.get("/ar/no-such-page/")
    assert missing.status_code == 404
    assert 'href="/fr/" hreflang="fr"' in missing.content.decode()
    assert 'rel="alternate" hreflang' not in missing.content.decode()


# --- Formats, names --------------------------------------------------------------------------


def test_dates_and_numbers_follow_the_language(client, db):
    import datetime

    case = CaseFactory(
        country=Country.objects.get(iso2="DJ"),
        incident_date=datetime.date(2018, 4, 12),
        incident_date_precision="month",
    )
    with translation.override("en"):
        english = client.get(case.get_absolute_url()).content.decode()
    assert "April 2018" in english
    french = client.get(f"/fr/cases/{case.public_id}/").content.decode()
    assert "avril 2018" in french.lower()
    spanish = client.get(f"/es/cases/{case.public_id}/").content.decode()
    assert "abril" in spanish.lower() and "2018" in spanish
    arabic = client.get(f"/ar/cases/{case.public_id}/").content.decode()
    assert any(month in arabic for month in ("إبريل 2018", "أبريل 2018", "نيسان 2018"))

    from django.contrib.humanize.templatetags.humanize import intcomma

    with translation.override("fr"):
        assert intcomma(12345) == "12\xa0345"
    with translation.override("es"):
        assert intcomma(12345) in ("12.345", "12\xa0345")
    with translation.override("en"):
        assert intcomma(12345) == "12,345"


def test_country_names_in_the_readers_language(client, db):
    djibouti = Country.objects.get(iso2="DJ")
    with translation.override("ar"):
        assert djibouti.local_name == "جيبوتي"
    with translation.override("es"):
        assert djibouti.local_name == "Yibuti"
        assert Country.objects.get(iso2="PS").local_name == "Estado de Palestina"
    assert djibouti.local_name == "Djibouti"
    CaseFactory(country=djibouti)
    html = client.get("/ar/cases/").content.decode()
    assert re.search(r'<span class="facet-label">جيبوتي</span>', html)
    assert "<h1>جيبوتي</h1>" in client.get("/ar/countries/dj/").content.decode()


def test_case_list_facets_and_labels_are_translated(client, db):
    CaseFactory(mechanisms=["upr"], reprisal_types=["travel-ban"])
    html = client.get("/es/cases/").content.decode()
    assert "Examen Periódico Universal" in html
    assert "Buscar en los casos" in html
    assert "1 caso" in html
    arabic = client.get("/ar/cases/").content.decode()
    assert "حالة واحدة" in arabic
    assert "الاستعراض الدوري الشامل" in arabic


# --- Social cards, print ----------------------------------------------------------------------


def _meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return match and match.group(1)


def test_public_case_pages_have_social_preview_cards_with_absolute_urls(client, db, settings):
    settings.SITE_URL = "https://endreprisals.example.org"
    case = CaseFactory(title="Passport confiscated", summary="Agents confiscated the passport.")
    html = client.get(f"/fr/cases/{case.public_id}/").content.decode()
    assert _meta(html, "og:title") == "Passport confiscated"
    assert _meta(html, "og:description") == "Agents confiscated the passport."
    assert _meta(html, "og:url") == f"https://endreprisals.example.org/fr/cases/{case.public_id}/"
    assert _meta(html, "og:image") == "https://endreprisals.example.org/static/img/social-card.png"
    assert _meta(html, "og:locale") == "fr"
    assert _meta(html, "twitter:card") == "summary_large_image"
    assert (Path(settings.BASE_DIR) / "static" / "img" / "social-card.png").exists()


def test_no_social_card_for_restricted_or_unpublished_cases(client, db, researcher):
    restricted = CaseFactory(visibility=Visibility.RESTRICTED)
    draft = CaseFactory(published_at=None)
    client.force_login(researcher)
    for case in (restricted, draft):
        response = client.get(f"/cases/{case.public_id}/")
        if response.status_code != 200:
            continue  # not visible to this persona at all
        html = response.content.decode()
        assert "og:title" not in html and "twitter:card" not in html
        assert '<meta name="robots" content="noindex, nofollow">' in html


def test_campaign_pages_have_social_preview_cards(client, db, settings):
    make_world = pytest.importorskip("campaigns.tests.factories").make_world
    settings.SITE_URL = "https://endreprisals.example.org"
    campaign = make_world()["campaign"]
    path = f"/ar{campaign.get_absolute_url()}"
    html = client.get(path).content.decode()
    assert _meta(html, "og:title") == campaign.title
    assert _meta(html, "og:url") == f"https://endreprisals.example.org{path}"
    assert _meta(html, "og:image").startswith("https://endreprisals.example.org/static/")


def test_print_stylesheet_hides_navigation_and_keeps_the_address():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    print_rules = css[css.index("@media print") :]
    for selector in (".site-header", ".lang-menu", ".facets", ".downloads", ".follow-links", "form"):
        assert selector in print_rules
    assert ".print-only { display: block; }" in print_rules


def test_stylesheet_uses_logical_properties_for_right_to_left():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)", css)
    assert not physical, f"use logical properties (…-inline-start/end, text-align: start/end): {physical}"
    assert "@import" not in css and "url(http" not in css  # no third-party CSS or fonts


# --- Intake under a language prefix -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/intake/", "/ar/intake/", "/fr/intake/status/", "/zh-hans/intake/"])
def test_intake_pages_forget_the_client_address_in_every_language(path):
    from intake.middleware import StripClientAddressMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    request = RequestFactory().get(path, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Browser/1.0")
    StripClientAddressMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == "0.0.0.0"  # noqa: S104 - the placeholder the middleware leaves
    assert "HTTP_USER_AGENT" not in seen


def test_other_pages_keep_the_client_address():
    from intake.middleware import is_intake_path

    assert not is_intake_path("/cases/")
    assert not is_intake_path("/ar/cases/intake/")
    assert not is_intake_path("/xx/intake/")


def test_text_in_another_direction_is_isolated_on_arabic_pages(client, db):
    """English campaign and case text on an Arabic page sits in its own direction (dir="auto" or
    <bdi>), so its punctuation does not flip to the wrong end."""
    from campaigns.tests.factories import make_world
    from cases.tests.factories import VictimFactory

    world = make_world()
    case = CaseFactory(country=Country.objects.get(iso2="DJ"))
    VictimFactory(case=case, name="Example Defender")
    campaign_url, action_url = world["campaign"].get_absolute_url(), world["action"].get_absolute_url()

    body = client.get(f"/ar{campaign_url}").content.decode()
    assert '<h1 dir="auto">Stop reprisals</h1>' in body
    assert re.search(r'<h3 dir="auto"><a href="[^"]+">Lawyer barred from returning home</a></h3>', body)
    body = client.get(f"/ar{action_url}").content.decode()
    assert '<h1 dir="auto">Write to the missions</h1>' in body
    assert "<bdi>Journalist&#x27;s passport confiscated</bdi>" in body
    body = client.get(f"/ar/cases/{case.public_id}/").content.decode()
    assert "<bdi>Example Defender</bdi>" in body


@pytest.mark.parametrize("language, djibouti", [("ar", "جيبوتي"), ("ru", "Джибути"), ("zh-hans", "吉布提")])
def test_analysis_filters_and_map_name_countries_in_the_readers_language(client, db, language, djibouti):
    CaseFactory(country=Country.objects.get(iso2="DJ"))
    body = client.get(f"/{language}/analysis/").content.decode()
    assert re.search(rf'<option value="DJ"[^>]*>{djibouti}</option>', body)
    assert '<option value="DJ">Djibouti</option>' not in body
    svg = client.get(f"/{language}/analysis/map.svg").content.decode()
    assert f"<title>{djibouti}: 1</title>" in svg
