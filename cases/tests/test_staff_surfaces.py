"""Every staff surface goes through the visibility rule (cases/staff_gate.py): the failures found
when the back office was tried as each staff role, with markers in hidden cases. Each test names
a family of surfaces; the role crawl (test_no_staff_surface_leaks_to_any_role) then visits every
admin and staff page as every role."""

import contextlib
import re

import pytest
from django.urls import reverse

from cases.models import Case

from . import staff_world
from .test_visibility_gate import secret_world  # noqa: F401 (a fixture)


@pytest.fixture
def world(secret_world):  # noqa: F811
    return staff_world.extend(secret_world)


def _text(response) -> str:
    return response.content.decode("utf-8", errors="replace")


def _assert_hides(text, world, user, where):
    for secret in staff_world.hidden_strings(world, user):
        assert secret not in text, f"{where} reveals {secret!r}"


def _answers(client, url):
    response = client.get(url)
    return response.status_code


# --- 2. campaigners ------------------------------------------------------------------------------


def test_campaigner_picks_letter_cases_only_among_visible_ones(client, campaigner, world):
    """The e-mail action's "cases in the letter": the form, the autocomplete (by title, public id,
    or nothing typed) and a submitted id all go through the rule."""
    client.force_login(campaigner)
    action = world["staff"]["email_action"]
    for url in (
        reverse("admin:campaigns_emailaction_add"),
        reverse("admin:campaigns_emailaction_change", args=[action.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_hides(_text(response), world, campaigner, url)
    terms = ["", "Zyx", "Blorp", *(case.public_id for case in world["secrets"].values())]
    for term in terms:
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "campaigns", "model_name": "emailaction", "field_name": "cases", "term": term},
        )
        assert response.status_code == 200
        found = {row["id"] for row in response.json()["results"]}
        assert found <= {str(world["public"].pk)}, term
    public = world["public"]
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "campaigns",
            "model_name": "emailaction",
            "field_name": "cases",
            "term": public.public_id,
        },
    )
    assert [row["id"] for row in response.json()["results"]] == [str(public.pk)]


def test_campaigner_saving_a_letter_keeps_hidden_cases_and_cannot_add_one(client, campaigner, world):
    from campaigns.models import EmailAction

    client.force_login(campaigner)
    action = world["staff"]["email_action"]
    url = reverse("admin:campaigns_emailaction_change", args=[action.pk])
    data = {
        field: getattr(action, field)
        for field in (
            "campaign",
            "slug",
            "title",
            "intro",
            "city",
            "subject",
            "letter_body",
            "ask_paragraph",
            "thanks_paragraph",
            "consent_text",
            "consent_version",
        )
    }
    data["campaign"] = action.campaign_id
    data["cases"] = [world["public"].pk]
    response = client.post(url, data)
    assert response.status_code == 302, _text(response)[:3000]
    assert set(EmailAction.objects.get(pk=action.pk).cases.all()) == {
        world["public"],
        *world["secrets"].values(),
    }
    client.get(url)  # shows (and so clears) the "changed successfully" message
    # A hidden case's id is refused exactly like an id that does not exist.
    answers = []
    for pk in (world["secrets"]["draft"].pk, 987654321):
        response = client.post(url, {**data, "cases": [world["public"].pk, pk]})
        body = re.sub(rf"(?<=Select a valid choice\. ){pk}(?= is not)", "PK", _normalised(response))
        answers.append((response.status_code, body))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and "Select a valid choice" in answers[0][1]


def _normalised(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", _text(response))


def test_featured_case_is_chosen_by_search_not_by_a_walkable_id(client, campaigner, world):
    """The featured-case field used to be a raw-id field that showed the title of any id typed;
    it is an autocomplete now, and the features of hidden cases are not listed."""
    from campaigns.admin import FeaturedCaseInline

    assert "case" not in FeaturedCaseInline.raw_id_fields
    client.force_login(campaigner)
    campaign = world["staff"]["email_action"].campaign
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    response = client.get(url)
    assert response.status_code == 200
    _assert_hides(_text(response), world, campaigner, url)
    # The change form re-shown with a hidden case typed in names nothing and refuses it.
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"title": "", "featured-TOTAL_FORMS": "1", "featured-INITIAL_FORMS": "0"})
    data.update({"updates-TOTAL_FORMS": "0", "updates-INITIAL_FORMS": "0"})
    for case in world["secrets"].values():
        response = client.post(url, {**data, "featured-0-case": case.pk, "featured-0-position": "3"})
        assert response.status_code == 200
        _assert_hides(_text(response), world, campaigner, f"{url} with case {case.pk} typed")


def test_no_admin_picks_cases_by_raw_id():
    """Cases are chosen by search (autocomplete) everywhere in the admin."""
    from django.contrib import admin

    offenders = []
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            owner_model = getattr(owner, "model", model)
            for name in owner.raw_id_fields:
                if owner_model._meta.get_field(name).related_model is Case:
                    offenders.append(f"{owner_model.__name__}.{name}")
    assert not offenders


# --- 3. curators without a grant -------------------------------------------------------------------


def test_statement_history_names_no_hidden_case(client, curator, world):
    statement = world["staff"]["statement"]
    client.force_login(curator)
    opts = "admin:states_statement"
    history = client.get(reverse(f"{opts}_history", args=[statement.pk]))
    assert history.status_code == 200
    _assert_hides(_text(history), world, curator, "statement history")
    versions = [int(v) for v in re.findall(r"/history/(\d+)/", _text(history))]
    assert versions, "the history lists its versions"
    compare = reverse(f"{opts}_history_compare", args=[statement.pk])
    for old in versions:
        for new in versions:
            response = client.get(compare, {"old": old, "new": new})
            assert response.status_code == 200
            _assert_hides(_text(response), world, curator, f"compare {old}-{new}")
        response = client.get(reverse(f"{opts}_simple_history", args=[statement.pk, old]))
        _assert_hides(_text(response), world, curator, f"version {old}")


def test_event_moved_to_a_hidden_case_answers_like_a_missing_one(client, curator, world):
    """History, compare, revert and change pages of an event that now belongs to a hidden case
    answer exactly as for an event that never existed, though it once was on a public case."""
    event = world["staff"]["event_to_hidden"]
    client.force_login(curator)
    version = event.history.order_by("history_id").first().history_id
    missing = 987654321
    for name, extra in (
        ("change", []),
        ("history", []),
        ("history_compare", []),
        ("simple_history", [version]),
    ):
        answers = []
        for pk in (event.pk, missing):
            response = client.get(reverse(f"admin:tracking_timelineevent_{name}", args=[pk, *extra]))
            followed = client.get(response["Location"]) if response.status_code == 302 else response
            body = re.sub(rf"(?<=timelineevent/){pk}(?=/)|(?<=“){pk}(?=”)", "PK", _normalised(followed))
            answers.append((response.status_code, body))
            _assert_hides(body, world, curator, name)
        assert answers[0] == answers[1], name


def test_event_moved_to_a_public_case_hides_its_earlier_versions(client, curator, world):
    event = world["staff"]["event_to_public"]
    client.force_login(curator)
    history = client.get(reverse("admin:tracking_timelineevent_history", args=[event.pk]))
    assert history.status_code == 200
    _assert_hides(_text(history), world, curator, "event history")
    hidden_version = event.history.order_by("history_id").first().history_id
    response = client.get(
        reverse("admin:tracking_timelineevent_simple_history", args=[event.pk, hidden_version])
    )
    assert response.status_code == 404
    response = client.get(
        reverse("admin:tracking_timelineevent_history_compare", args=[event.pk]), {"old": hidden_version}
    )
    assert response.status_code == 404
    response = client.get(reverse("admin:tracking_timelineevent_history_compare", args=[event.pk]))
    assert response.status_code == 200
    _assert_hides(_text(response), world, curator, "event compare")


def test_candidate_admin_names_no_hidden_case_nor_its_victims(client, curator, world):
    candidate = world["staff"]["candidate"]
    client.force_login(curator)
    for url in (
        reverse("admin:ingest_candidatecase_changelist"),
        reverse("admin:ingest_candidatecase_change", args=[candidate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        _assert_hides(text, world, curator, url)
    # The visible targets are still named, with their evidence.
    restricted = world["secrets"]["restricted"]
    assert restricted.public_id in text and f"{restricted.victims.first().name} ≈" in text


def test_review_page_prints_no_evidence_about_a_hidden_case(client, curator, world):
    candidate = world["staff"]["candidate"]
    client.force_login(curator)
    response = client.get(reverse("ingest:candidate", args=[candidate.pk]))
    assert response.status_code == 200
    _assert_hides(_text(response), world, curator, "review page")


def test_intake_staff_pages_name_no_hidden_case(client, curator, world):
    submission = world["staff"]["submission"]
    client.force_login(curator)
    for url in (
        reverse("intake:staff-list"),
        reverse("intake:staff-detail", args=[submission.reference]),
        reverse("admin:intake_submission_changelist"),
        reverse("admin:intake_submission_change", args=[submission.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert submission.reference in _text(response)
        _assert_hides(_text(response), world, curator, url)


def test_whoever_may_see_the_case_still_sees_it(client, partner, administrator, world):
    """The gate hides, it does not remove: a user allowed to see the confidential case sees it on
    the same pages."""
    confidential = world["secrets"]["confidential"]
    client.force_login(administrator)
    submission = world["staff"]["submission"]
    assert confidential.public_id in _text(
        client.get(reverse("intake:staff-detail", args=[submission.reference]))
    )
    candidate = world["staff"]["candidate"]
    text = _text(client.get(reverse("ingest:candidate", args=[candidate.pk])))
    assert confidential.title in text and "Zyxconfidential Victim ≈" in text
    history = _text(
        client.get(reverse("admin:states_statement_history", args=[world["staff"]["statement"].pk]))
    )
    assert confidential.title in history


# --- the role crawl ---------------------------------------------------------------------------------

# Objects per admin whose pages are visited: every row that refers to a case (they are few in
# this world), and the newest few of reference tables such as countries.
ADMIN_OBJECTS = 3
STAFF_CRAWLED = 100  # links followed beyond the listed URLs, per role
ROLES = ["campaigner", "researcher", "partner", "reviewer", "curator"]


def _admin_urls(world) -> list[str]:
    """From the admin registry, so that a new admin is crawled without touching this test: each
    list (plain and searched), add page, and each object's change, history, compare and delete
    pages; and the autocomplete of every autocomplete field, with hidden titles and ids typed."""
    from urllib.parse import urlencode

    from django.contrib import admin
    from django.urls import NoReverseMatch

    from cases.staff_gate import case_fields

    # Typed into every autocomplete: nothing, a word of every hidden title, and hidden ids.
    terms = ["", "Blorp", world["secrets"]["confidential"].public_id, world["secrets"]["draft"].public_id]
    urls = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_changelist") + "?q=Blorp"]
        urls.append(reverse(f"{name}_add"))
        rows = model._default_manager.order_by("-pk")
        refers = any(case_fields(model)) or model is Case
        pks = list(rows.values_list("pk", flat=True)[: None if refers else ADMIN_OBJECTS])
        for pk in pks:
            for page in ("change", "history", "delete", "history_compare"):
                with contextlib.suppress(NoReverseMatch):  # no compare view on this admin
                    urls.append(reverse(f"{name}_{page}", args=[pk]))
        for owner in [model_admin, *model_admin.inlines]:
            source = getattr(owner, "model", model)
            for field in owner.autocomplete_fields:
                for term in terms:
                    query = {
                        "app_label": source._meta.app_label,
                        "model_name": source._meta.model_name,
                        "field_name": field,
                        "term": term,
                    }
                    urls.append(reverse("admin:autocomplete") + "?" + urlencode(query))
    return urls


def _site_urls(world) -> list[str]:
    """Every other route (public and staff pages), its parameters filled, asked once."""
    from django.urls import get_resolver

    from .test_visibility_gate import _fill, _values, _walk

    values = _values(world)
    routes = [r for r in _walk(get_resolver()) if not r.startswith(("admin/", "static/"))]
    return sorted({url for route in routes for url in _fill(route, values)})


def _staff_links(text: str) -> list[str]:
    """Same-site links in a page, the admin's included; never logging out."""
    from html import unescape
    from urllib.parse import urlsplit

    from django.conf import settings

    found = []
    for match in re.finditer(r'(?:href|action)="([^"]+)"', text):
        parts = urlsplit(unescape(match.group(1)))
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith((settings.STATIC_URL, "/accounts/logout", "/admin/logout", "/admin/jsi18n")):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _forbidden(world, user) -> list[str]:
    """What `user` must never read: the markers and ids of the cases hidden from them, and the
    personal data their role does not open."""
    from .test_visibility_gate import PERSONAL_MARKERS

    strings = staff_world.hidden_strings(world, user)
    strings += [PERSONAL_MARKERS["intake"]]  # sealed: nobody reads it in a page
    secret = world["secret_strings"]
    strings += [s for s in secret if len(s) > 20 and "@" not in s]  # tokens and receipts
    if not user.has_perm("campaigns.view_supporter_data"):
        strings += [PERSONAL_MARKERS["supporter"], *(s for s in secret if "zyxsupporter" in s)]
        strings += [s for s in secret if s.startswith("zyxsubscriber@")]
    if not user.has_perm("tracking.view_subscription"):
        strings += [s for s in secret if "-follower@" in s]
    if not user.has_perm("intake.view_submission") and "submission" in world["staff"]:
        strings.append(world["staff"]["submission"].reference)
    return strings


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_surface_leaks_to_any_role(client, world, role, request):
    """As each role, every admin page (lists, searches, change, history, compare, delete,
    autocomplete) and every other page, then the links they hold: nothing of a case hidden from
    the role — marker, victim, timeline note, public id — and no personal data the role may not
    read. Hidden ids on a "not found" page are allowed only as the echo of the address asked."""
    from collections import deque

    from .test_visibility_gate import _body

    user = request.getfixturevalue(role)
    client.force_login(user)
    forbidden = _forbidden(world, user)
    hidden_ids = [case.public_id for case in world["secrets"].values()]
    urls = _admin_urls(world) + _site_urls(world)
    queue, seen, crawled, pages = deque(urls), set(urls), 0, 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        pages += 1
        assert response.status_code < 500, f"{role}: {url} answered {response.status_code}"
        text = _body(response)
        for secret in forbidden:
            if secret in hidden_ids and secret in url and response.status_code == 404:
                continue
            assert secret not in text, f"{role}: {url} reveals {secret!r}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _staff_links(text):
            if link not in seen and crawled < STAFF_CRAWLED:
                seen.add(link)
                queue.append(link)
                crawled += 1
    assert pages > 200


def _rows_of_cases():
    """Registered admins whose rows belong to a case (a required foreign key to cases)."""
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if field.concrete and field.related_model is Case and not field.many_to_many and not field.null:
                yield model, model_admin, field.name


@pytest.mark.parametrize("role", ["curator", "reviewer", "partner"])
def test_rows_of_hidden_cases_answer_like_missing_ones_in_every_admin(client, world, role, request):
    """Every admin whose rows belong to a case (victims, mentions, timeline events, and any added
    later): the change, history, compare and delete pages of a row of a hidden case answer
    exactly like those of a row that does not exist."""
    from django.urls import NoReverseMatch

    user = request.getfixturevalue(role)
    client.force_login(user)
    visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    checked = 0
    for model, _model_admin, field in _rows_of_cases():
        opts = model._meta
        row = model._default_manager.exclude(**{f"{field}__in": visible}).first()
        if row is None:
            continue
        missing = model._default_manager.order_by("-pk").first().pk + 1000
        for page in ("change", "history", "history_compare", "delete"):
            try:
                urls = [
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[pk])
                    for pk in (row.pk, missing)
                ]
            except NoReverseMatch:
                continue
            answers = []
            for url, pk in zip(urls, (row.pk, missing), strict=True):
                response = client.get(url)
                followed = client.get(response["Location"]) if response.status_code == 302 else response
                body = re.sub(
                    rf"(?<={opts.model_name}/){pk}(?=/)|(?<=“){pk}(?=”)", "PK", _normalised(followed)
                )
                answers.append((response.status_code, body))
            assert answers[0] == answers[1], f"{role}: {urls[0]}"
            checked += 1
    assert checked >= 8
