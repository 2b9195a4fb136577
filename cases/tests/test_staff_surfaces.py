"""Every staff surface goes through the visibility rule (cases/staff_gate.py): the failures found
when the back office was tried as each staff role, with markers in hidden cases. Each test names
a family of surfaces; the role crawl (test_no_staff_surface_leaks_to_any_role) then visits every
admin and staff page as every role."""

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
