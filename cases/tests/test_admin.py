"""The curators' back office: editing, history (changed fields, compare, restore), publishing,
CSV import, and the visibility gate on every admin page that shows cases."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import AccessGrant, Case, Country, Mechanism, Victim
from cases.publishing import REASON_PUBLISHED, publish
from cases.tests.factories import (
    CaseFactory,
    MentionFactory,
    ParagraphFactory,
    ReportFactory,
    UserFactory,
    VictimFactory,
)
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cases_case_changelist")
ADD = reverse("admin:cases_case_add")


def change_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def history_url(case):
    return reverse("admin:cases_case_history", args=[case.pk])


def compare_url(case):
    return reverse("admin:cases_case_history_compare", args=[case.pk])


def revert_url(case, record):
    return reverse("admin:cases_case_simple_history", args=[case.pk, record.pk])


def case_form_data(case=None, **overrides):
    """The POST body of the case change form, as the browser would send it unchanged."""
    data = {
        "title": case.title if case else "",
        "country": case.country_id if case else "",
        "summary": case.summary if case else "",
        "language": case.language if case else "en",
        "incident_date": case.incident_date.isoformat() if case and case.incident_date else "",
        "incident_date_precision": case.incident_date_precision if case else "day",
        "perpetrator_kind": case.perpetrator_kind if case else "unknown",
        "status": case.status if case else "unknown",
        "visibility": case.visibility if case else "confidential",
        "mechanisms": [m.pk for m in case.mechanisms.all()] if case else [],
        "reprisal_types": [t.pk for t in case.reprisal_types.all()] if case else [],
    }
    if case and case.is_demo:
        data["is_demo"] = "on"
    victims = list(case.victims.all()) if case else []
    mentions = list(case.mentions.all()) if case else []
    data.update(
        {
            "victims-TOTAL_FORMS": len(victims),
            "victims-INITIAL_FORMS": len(victims),
            "victims-MIN_NUM_FORMS": 0,
            "victims-MAX_NUM_FORMS": 1000,
            "mentions-TOTAL_FORMS": len(mentions),
            "mentions-INITIAL_FORMS": len(mentions),
            "mentions-MIN_NUM_FORMS": 0,
            "mentions-MAX_NUM_FORMS": 1000,
        }
    )
    for i, victim in enumerate(victims):
        data.update(
            {
                f"victims-{i}-id": victim.pk,
                f"victims-{i}-case": case.pk,
                f"victims-{i}-kind": victim.kind,
                f"victims-{i}-name": victim.name,
                f"victims-{i}-description": victim.description,
                f"victims-{i}-gender": victim.gender,
            }
        )
    for i, mention in enumerate(mentions):
        data.update(
            {
                f"mentions-{i}-id": mention.pk,
                f"mentions-{i}-case": case.pk,
                f"mentions-{i}-report": mention.report_id,
                f"mentions-{i}-paragraph": mention.paragraph_id or "",
                f"mentions-{i}-kind": mention.kind,
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def hidden_case(db):
    """Confidential, in a country the curator has no grant for."""
    case = CaseFactory(
        title="Zyxhidden confidential case",
        visibility=Visibility.CONFIDENTIAL,
        country=Country.objects.get(iso2="NI"),
        published_at=None,
    )
    VictimFactory(case=case, name="Zyxhidden Victim")
    return case


# -- access ---------------------------------------------------------------------------------


def test_researcher_cannot_use_the_admin(client, researcher):
    client.force_login(researcher)
    for url in ["/admin/", CHANGELIST, reverse("admin:cases_case_import")]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_visitor_is_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_curator_sees_every_back_office_list(curator_client):
    for name in [
        "case",
        "victim",
        "mention",
        "report",
        "paragraph",
        "country",
        "mechanism",
        "reprisaltype",
        "victimrole",
    ]:
        response = curator_client.get(reverse(f"admin:cases_{name}_changelist"))
        assert response.status_code == 200, name
    # Grants are the administrators' business.
    assert curator_client.get(reverse("admin:cases_accessgrant_changelist")).status_code == 403


def _list_queries(client, name: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"admin:cases_{name}_changelist")).status_code == 200
    return len(queries)


def test_the_lists_query_count_does_not_grow_with_their_rows(curator_client):
    """One query per row would make a list of 100 paragraphs 100 queries (it did, for their
    country): each list costs the same with 2 rows as with 12 (bench/admin_lists.py at scale)."""
    names = ["case", "victim", "mention", "report", "paragraph"]

    def add_rows(count: int):
        for _ in range(count):
            country = Country.objects.order_by("?").first()
            mention = MentionFactory(
                case=CaseFactory(country=country),
                paragraph=ParagraphFactory(report=ReportFactory(), country=country),
            )
            VictimFactory(case=mention.case)

    add_rows(2)
    for name in names:  # the first request of the session also fills caches (permissions)
        _list_queries(curator_client, name)
    before = {name: _list_queries(curator_client, name) for name in names}
    add_rows(10)
    assert {name: _list_queries(curator_client, name) for name in names} == before


def test_countries_are_read_only_for_curators(curator_client):
    country = Country.objects.get(iso2="DJ")
    response = curator_client.get(reverse("admin:cases_country_change", args=[country.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert curator_client.get(reverse("admin:cases_country_add")).status_code == 403


def test_administrator_manages_grants(admin_client_, curator):
    country = Country.objects.get(iso2="DJ")
    response = admin_client_.post(
        reverse("admin:cases_accessgrant_add"),
        {"user": curator.pk, "country": country.pk, "level": "confidential", "note": "DJ partner"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AccessGrant.objects.filter(user=curator, country=country).exists()


# -- the visibility gate --------------------------------------------------------------------


def test_changelist_hides_confidential_cases_of_other_countries(curator_client, hidden_case):
    visible = CaseFactory(title="An ordinary public case")
    draft = CaseFactory(title="A public draft", published_at=None)

    response = curator_client.get(CHANGELIST)

    content = response.content.decode()
    assert visible.title in content
    assert draft.title in content  # curators see drafts of what they may see
    assert "Zyxhidden" not in content
    assert hidden_case.public_id not in content
    # Not by searching either, even for the victim's name.
    response = curator_client.get(CHANGELIST, {"q": "Victim"})
    assert "Zyxhidden" not in response.content.decode()
    assert response.context["cl"].result_count == 0


def test_grant_opens_the_confidential_case(curator_client, curator, hidden_case):
    AccessGrant.objects.create(
        user=curator, country=hidden_case.country, level=AccessGrant.Level.CONFIDENTIAL
    )
    assert hidden_case.title in curator_client.get(CHANGELIST).content.decode()
    assert curator_client.get(change_url(hidden_case)).status_code == 200


def test_hidden_case_pages_answer_as_if_it_did_not_exist(curator_client, hidden_case):
    response = curator_client.get(change_url(hidden_case))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    followed = curator_client.get(response["Location"])
    assert "Zyxhidden" not in followed.content.decode()

    record = hidden_case.history.first()
    for url in [
        history_url(hidden_case),
        compare_url(hidden_case),
        revert_url(hidden_case, record),
        reverse("admin:cases_case_delete", args=[hidden_case.pk]),
    ]:
        response = curator_client.get(url)
        assert response.status_code in (302, 404), url
        assert "Zyxhidden" not in response.content.decode()
    response = curator_client.post(reverse("admin:cases_case_publish", args=[hidden_case.pk]))
    assert response.status_code == 404
    # Restoring through simple-history's form is refused too.
    response = curator_client.post(revert_url(hidden_case, record), case_form_data(hidden_case, title="X"))
    assert response.status_code == 404
    hidden_case.refresh_from_db()
    assert hidden_case.title == "Zyxhidden confidential case"
    assert not hidden_case.is_published


def test_victims_and_mentions_of_hidden_cases_are_hidden(curator_client, hidden_case):
    MentionFactory(case=hidden_case)
    response = curator_client.get(reverse("admin:cases_victim_changelist"))
    assert "Zyxhidden" not in response.content.decode()
    assert response.context["cl"].result_count == 0
    response = curator_client.get(reverse("admin:cases_mention_changelist"))
    assert response.context["cl"].result_count == 0
    victim = hidden_case.victims.get()
    response = curator_client.get(reverse("admin:cases_victim_change", args=[victim.pk]))
    assert response.status_code == 302
    response = curator_client.get(reverse("admin:cases_victim_history", args=[victim.pk]))
    assert response.status_code == 404


def test_case_autocomplete_and_choices_exclude_hidden_cases(curator_client, hidden_case):
    CaseFactory(title="Zyxvisible public case")
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "victim", "field_name": "case", "term": "Zyx"},
    )
    texts = [r["text"] for r in response.json()["results"]]
    assert texts == ["Zyxvisible public case"]
    # A hand-made POST cannot attach a victim to the hidden case.
    response = curator_client.post(
        reverse("admin:cases_victim_add"),
        {"case": hidden_case.pk, "kind": "person", "name": "Intruder", "gender": "unknown"},
    )
    assert response.status_code == 200
    assert "case" in response.context["adminform"].form.errors
    assert not Victim.objects.filter(name="Intruder").exists()


def test_administrator_sees_everything(admin_client_, hidden_case):
    assert hidden_case.title in admin_client_.get(CHANGELIST).content.decode()
    assert admin_client_.get(change_url(hidden_case)).status_code == 200


# -- editing --------------------------------------------------------------------------------


def test_curator_creates_a_case_with_a_victim_and_a_mention(curator_client, curator):
    paragraph = ParagraphFactory(report=ReportFactory(symbol="A/HRC/45/36", year=2020), number=12)
    data = case_form_data(
        title="Lawyer barred from travelling",
        country=Country.objects.get(iso2="DJ").pk,
        visibility="public",
        status="ongoing",
        mechanisms=[Mechanism.objects.get(slug="upr").pk],
    )
    data.update(
        {
            "victims-TOTAL_FORMS": 1,
            "victims-INITIAL_FORMS": 0,
            "victims-0-kind": "person",
            "victims-0-name": "A. Lawyer",
            "victims-0-description": "",
            "victims-0-gender": "female",
            "mentions-TOTAL_FORMS": 1,
            "mentions-INITIAL_FORMS": 0,
            "mentions-0-report": "",  # filled in from the paragraph
            "mentions-0-paragraph": paragraph.pk,
            "mentions-0-kind": "first",
        }
    )

    response = curator_client.post(ADD, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    case = Case.objects.get(title="Lawyer barred from travelling")
    assert not case.is_published  # a new case is a draft
    assert [v.name for v in case.victims.all()] == ["A. Lawyer"]
    mention = case.mentions.get()
    assert mention.paragraph == paragraph and mention.report == paragraph.report
    assert list(case.mechanisms.values_list("slug", flat=True)) == ["upr"]
    assert case.history.earliest().history_user == curator


def test_mention_paragraph_must_belong_to_its_report(curator_client):
    case = CaseFactory()
    paragraph = ParagraphFactory(report=ReportFactory(symbol="A/HRC/45/36", year=2020))
    other = ReportFactory(symbol="A/HRC/48/28", year=2021)
    data = case_form_data(case)
    data.update(
        {
            "mentions-TOTAL_FORMS": 1,
            "mentions-0-report": other.pk,
            "mentions-0-paragraph": paragraph.pk,
            "mentions-0-kind": "first",
        }
    )
    response = curator_client.post(change_url(case), data)
    assert response.status_code == 200
    assert "belongs to A/HRC/45/36" in response.content.decode()
    assert not case.mentions.exists()


def test_change_form_explains_publication_and_never_edits_it(curator_client):
    case = CaseFactory()
    response = curator_client.get(change_url(case))
    form = response.context["adminform"].form
    assert "published_at" not in form.fields
    content = response.content.decode()
    assert "Saving changes to a published case keeps it published" in content
    assert "Published since" in content
    # A forged field changes nothing.
    published_at = case.published_at
    response = curator_client.post(change_url(case), case_form_data(case, published_at=""))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.published_at == published_at


def test_editing_records_user_and_changed_fields(curator_client, curator):
    case = CaseFactory(title="Old title", status="ongoing")
    response = curator_client.post(
        change_url(case), case_form_data(case, title="New title", status="resolved")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "New title"
    assert case.is_published  # editing a published case keeps it published

    latest = case.history.first()
    assert latest.history_user == curator
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {"title", "status"}

    response = curator_client.get(history_url(case))
    assert response.status_code == 200
    content = response.content.decode()
    assert "curator" in content
    records = list(response.context["page_obj"])
    assert [str(f) for f in records[0].changed_fields] == ["Status", "Title"]
    assert records[-1].is_first_version
    assert compare_url(case) in content


def test_history_lists_publication_with_its_reason(curator_client, curator):
    case = CaseFactory(published_at=None)
    publish(case, curator)
    response = curator_client.get(history_url(case))
    newest = response.context["page_obj"][0]
    assert newest.history_change_reason == REASON_PUBLISHED
    assert [str(f) for f in newest.changed_fields] == ["Published"]


def test_compare_view_shows_old_and_new_values(curator_client):
    case = CaseFactory(title="Journalist detained", summary="He was detained in May.")
    old = case.history.first()
    curator_client.post(
        change_url(case),
        case_form_data(case, title="Journalist detained and charged", summary="He was charged in May."),
    )
    new = case.history.first()

    response = curator_client.get(compare_url(case), {"old": old.pk, "new": new.pk})

    assert response.status_code == 200
    rows = {str(r["label"]): r for r in response.context["rows"]}
    assert set(rows) == {"Title", "Summary"}
    assert "<ins>and charged</ins>" in rows["Title"]["new"]
    assert "<del>detained</del>" in rows["Summary"]["old"]
    assert "<ins>charged</ins>" in rows["Summary"]["new"]
    content = response.content.decode()
    assert "Journalist detained" in content
    assert revert_url(case, old) in content
    # The order of the two versions does not matter; without choices it compares the latest two.
    swapped = curator_client.get(compare_url(case), {"old": new.pk, "new": old.pk})
    assert swapped.context["old"] == old
    assert curator_client.get(compare_url(case)).context["new"] == new


def test_compare_view_rejects_versions_of_other_cases(curator_client):
    case, other = CaseFactory(), CaseFactory()
    response = curator_client.get(compare_url(case), {"old": other.history.first().pk})
    assert response.status_code == 404
    assert curator_client.get(compare_url(case), {"old": "x"}).status_code == 404


def test_compare_view_escapes_text(curator_client):
    case = CaseFactory(title="<b>bold</b> title")
    curator_client.post(change_url(case), case_form_data(case, title="<i>new</i> title"))
    content = curator_client.get(compare_url(case)).content.decode()
    assert "<i>new</i>" not in content
    assert "&lt;i&gt;new&lt;/i&gt;" in content


def test_restoring_an_earlier_version(curator_client, curator):
    case = CaseFactory(title="Original title", mechanisms=["upr"], published_at=None)
    original = case.history.first()
    curator_client.post(change_url(case), case_form_data(case, title="Mistaken title", mechanisms=[]))
    publish(case, curator)
    case.refresh_from_db()
    assert case.title == "Mistaken title" and not case.mechanisms.exists()
    original = case.history.filter(title="Original title").first()

    # The revert form shows the old version, vocabularies included.
    response = curator_client.get(revert_url(case, original))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["title"] == "Original title"
    assert form.initial["mechanisms"] == [Mechanism.objects.get(slug="upr").pk]

    data = case_form_data(case, title="Original title", mechanisms=form.initial["mechanisms"])
    response = curator_client.post(revert_url(case, original), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Original title"
    assert list(case.mechanisms.values_list("slug", flat=True)) == ["upr"]
    assert case.is_published  # publication is not part of a version
    restored = case.history.filter(title="Original title").first()
    assert restored.history_user == curator
    assert restored.history_change_reason == "Restored an earlier version"


def test_restoring_needs_the_change_permission(client, hidden_case):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)
    case = CaseFactory(title="Published title")
    record = case.history.first()
    response = client.post(revert_url(case, record), case_form_data(case, title="Vandalised"))
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title == "Published title"


# -- publishing -----------------------------------------------------------------------------


def test_publish_and_withdraw_actions(curator_client, curator):
    drafts = [CaseFactory(published_at=None), CaseFactory(published_at=None)]
    response = curator_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [c.pk for c in drafts]},
        follow=True,
    )
    assert "2 cases published." in response.content.decode()
    for case in drafts:
        case.refresh_from_db()
        assert case.is_published
        assert case.history.first().history_user == curator

    response = curator_client.post(
        CHANGELIST,
        {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]},
        follow=True,
    )
    assert "1 case withdrawn from publication." in response.content.decode()
    drafts[0].refresh_from_db()
    assert not drafts[0].is_published


def test_actions_skip_hidden_cases(curator_client, hidden_case):
    curator_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [hidden_case.pk]})
    hidden_case.refresh_from_db()
    assert not hidden_case.is_published


def test_publish_actions_need_the_change_permission(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)
    case = CaseFactory()
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    action_form = response.context["action_form"]
    choices = [name for name, _label in action_form.fields["action"].choices] if action_form else []
    assert "publish_selected" not in choices and "unpublish_selected" not in choices
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.is_published
    response = client.post(reverse("admin:cases_case_unpublish", args=[case.pk]))
    assert response.status_code == 403


def test_publish_and_withdraw_buttons(curator_client):
    case = CaseFactory(published_at=None, visibility=Visibility.RESTRICTED)
    publish_url = reverse("admin:cases_case_publish", args=[case.pk])
    unpublish_url = reverse("admin:cases_case_unpublish", args=[case.pk])

    content = curator_client.get(change_url(case)).content.decode()
    assert publish_url in content and unpublish_url not in content
    # The button opens a confirmation page showing every victim's consent (cases/consent.py).
    confirmation = curator_client.get(publish_url)
    assert confirmation.status_code == 200 and "Consent given" in confirmation.content.decode()

    response = curator_client.post(publish_url, follow=True)
    assert response.redirect_chain[-1][0] == change_url(case)
    content = response.content.decode()
    assert "is now published" in content
    assert "the public does not see it" in content  # restricted: published, but not public
    case.refresh_from_db()
    assert case.is_published
    assert unpublish_url in content

    curator_client.post(unpublish_url)
    case.refresh_from_db()
    assert not case.is_published


# -- CSV import -----------------------------------------------------------------------------


def csv_upload(text: str, name="cases.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_changelist_links_to_the_import_page(curator_client):
    assert reverse("admin:cases_case_import") in curator_client.get(CHANGELIST).content.decode()
    assert curator_client.get(reverse("admin:cases_case_import")).status_code == 200


def test_import_shows_errors_with_line_numbers(curator_client):
    text = (
        "title,country_iso2,status\n"
        "A valid case,DJ,ongoing\n"
        "A case in nowhere,QQ,ongoing\n"
        "A case with a bad status,DJ,sleeping\n"
    )
    response = curator_client.post(reverse("admin:cases_case_import"), {"file": csv_upload(text)})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "line 3" in content and "QQ" in content
    assert "line 4" in content and "sleeping" in content
    assert not Case.objects.filter(title="A valid case").exists()  # all or nothing


def test_import_creates_cases_and_reports_counts(curator_client, curator):
    text = "title,country_iso2,visibility\nImported case,DJ,public\n"
    response = curator_client.post(
        reverse("admin:cases_case_import"), {"file": csv_upload(text)}, follow=True
    )
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "1 case created" in response.content.decode()
    case = Case.objects.get(title="Imported case")
    assert not case.is_published
    assert case.history.first().history_user == curator


def test_import_dry_run_saves_nothing(curator_client):
    text = "title,country_iso2\nChecked only,DJ\n"
    response = curator_client.post(
        reverse("admin:cases_case_import"), {"file": csv_upload(text), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not Case.objects.filter(title="Checked only").exists()


def test_import_refuses_large_and_missing_files(curator_client, settings):
    settings.IMPORT_MAX_BYTES = 10
    response = curator_client.post(
        reverse("admin:cases_case_import"), {"file": csv_upload("title,country_iso2\nToo big,DJ\n")}
    )
    assert response.status_code == 200
    assert "largest file accepted is 10" in response.content.decode()
    response = curator_client.post(reverse("admin:cases_case_import"), {})
    assert "file" in response.context["form"].errors


# -- every page renders ---------------------------------------------------------------------


def test_every_back_office_page_renders(admin_client_, curator):
    case = CaseFactory(mechanisms=["upr"], reprisal_types=["travel-ban"])
    victim = VictimFactory(case=case, roles=["journalist"])
    mention = MentionFactory(case=case)
    grant = AccessGrant.objects.create(user=curator, case=case, level=AccessGrant.Level.CONFIDENTIAL)
    objects = {
        "case": case,
        "victim": victim,
        "mention": mention,
        "report": mention.report,
        "paragraph": mention.paragraph,
        "country": case.country,
        "mechanism": Mechanism.objects.get(slug="upr"),
        "reprisaltype": case.reprisal_types.get(),
        "victimrole": victim.roles.get(),
        "accessgrant": grant,
    }
    for name, obj in objects.items():
        urls = [
            reverse(f"admin:cases_{name}_changelist"),
            reverse(f"admin:cases_{name}_change", args=[obj.pk]),
        ]
        if name != "country":
            urls.append(reverse(f"admin:cases_{name}_add"))
        if hasattr(type(obj), "history"):
            record = obj.history.first()
            urls += [
                reverse(f"admin:cases_{name}_history", args=[obj.pk]),
                reverse(f"admin:cases_{name}_history_compare", args=[obj.pk]),
                reverse(f"admin:cases_{name}_simple_history", args=[obj.pk, record.pk]),
            ]
        for url in urls:
            assert admin_client_.get(url).status_code == 200, url


def test_paragraph_autocomplete_finds_symbol_and_number(curator_client):
    report = ReportFactory(symbol="A/HRC/45/36", year=2020)
    ParagraphFactory(report=report, number=12)
    ParagraphFactory(report=report, number=13)
    ParagraphFactory(report=ReportFactory(symbol="A/HRC/48/28", year=2021), number=12)
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "mention", "field_name": "paragraph", "term": "45/36 ¶12"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["A/HRC/45/36 annex I ¶12"]


def test_a_symbol_in_a_paragraph_search_is_matched_against_the_symbols_only(curator_client):
    ParagraphFactory(report=ReportFactory(symbol="A/HRC/45/36", year=2020), number=3)
    ParagraphFactory(
        report=ReportFactory(symbol="A/HRC/48/28", year=2021), text="As noted in A/HRC/45/36, ..."
    )
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "mention", "field_name": "paragraph", "term": "HRC/45/36"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["A/HRC/45/36 annex I ¶3"]
    listed = curator_client.get(reverse("admin:cases_paragraph_changelist"), {"q": "45/36 noted"})
    assert list(listed.context["cl"].result_list) == []  # the word is in the other report's text


def test_view_on_site_redirect_respects_the_gate(client, curator):
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Case, Country
    from cases.tests.factories import CaseFactory

    hidden = CaseFactory(visibility="confidential", country=Country.objects.get(iso2="CN"))
    shown = CaseFactory()
    content_type = ContentType.objects.get_for_model(Case)
    client.force_login(curator)
    assert client.get(f"/admin/r/{content_type.pk}/{hidden.pk}/").status_code == 404
    response = client.get(f"/admin/r/{content_type.pk}/{shown.pk}/")
    assert response.status_code == 302 and response["Location"] == shown.get_absolute_url()
    client.logout()
    assert client.get(f"/admin/r/{content_type.pk}/{shown.pk}/").status_code == 404
