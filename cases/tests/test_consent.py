"""cases.consent: every step that widens who reads a case checks every victim's consent; a step
that would break it is refused with the reason, and only an administrator overrides it, with a
reason written to the audit log."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEvent
from cases import consent
from cases.models import AccessGrant, Case, Consent
from cases.publishing import publish
from cases.roles import ADMINISTRATORS
from cases.visibility import Visibility

from .factories import CaseFactory, ConsentFactory, UserFactory, VictimFactory
from .test_admin import case_form_data

pytestmark = pytest.mark.django_db
User = get_user_model()
P = Consent.Publication
WIDENING = [consent.Step.PUBLISH, consent.Step.MAKE_PUBLIC, consent.Step.MAKE_RESTRICTED,
            consent.Step.FEATURE, consent.Step.LETTER]  # fmt: skip


def draft(**kwargs) -> Case:
    """An unpublished confidential case, which the `curator` persona may see (a grant)."""
    kwargs = {"published_at": None, "visibility": Visibility.CONFIDENTIAL, **kwargs}
    case = CaseFactory(**kwargs)
    curator = User.objects.filter(username="curator").first()
    if curator is not None:
        AccessGrant.objects.create(user=curator, case=case, level=AccessGrant.Level.CONFIDENTIAL)
    return case


def with_consent(case, *, name="", description="a defender", **kwargs) -> Consent:
    return ConsentFactory(victim=VictimFactory(case=case, name=name, description=description), **kwargs)


# -- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("step", WIDENING)
def test_keep_confidential_refuses_every_widening_step(step):
    case = draft()
    with_consent(case, publication=P.CONFIDENTIAL)
    (violation,) = consent.violations(case, step)
    assert violation.victim_number == 1 and "kept confidential" in violation.reason


@pytest.mark.parametrize("step", WIDENING)
def test_anonymised_victim_with_a_name_is_refused(step):
    case = draft()
    with_consent(case, name="Ana Example", publication=P.ANONYMISED)
    (violation,) = consent.violations(case, step)
    assert "carries a name" in violation.reason and "Ana Example" not in str(violation)


@pytest.mark.parametrize(
    "field, where",
    [("title", "the title"), ("summary", "the summary")],
)
def test_withheld_name_found_in_any_text_without_case_or_accents(field, where):
    case = draft(**{field: "Témoignage de ZÉLIE Quarrington, arrêtée en mars"})
    with_consent(case, publication=P.ANONYMISED, withheld_name="Zelie Quarrington")
    reasons = [v.reason for v in consent.violations(case, consent.Step.PUBLISH)]
    assert any(where in reason for reason in reasons)
    assert all("Zelie" not in reason and "Quarrington" not in reason for reason in reasons)


def test_a_surname_alone_is_found_and_words_inside_others_are_not():
    case = draft(summary="Quarrington was arrested.")
    with_consent(case, publication=P.ANONYMISED, withheld_name="Zelie Quarrington")
    assert consent.violations(case, consent.Step.PUBLISH)
    case.summary = "Quarringtonian architecture; a zelieform shape."
    case.save()
    assert consent.violations(case, consent.Step.PUBLISH) == []


def test_withheld_details_are_checked_in_other_victims_and_timeline_notes():
    from tracking.models import TimelineEvent

    case = draft()
    with_consent(case, publication=P.NAMED, withheld_details="Chipote prison\n")
    assert consent.violations(case, consent.Step.PUBLISH) == []
    other = VictimFactory(case=case, name="", description="held at chipote   Prison too")
    assert "the description of victim 2" in consent.violations(case, consent.Step.PUBLISH)[0].reason
    other.delete()
    TimelineEvent.objects.create(
        case=case, date="2024-01-01", kind="incident", note="Moved to Chipote prison."
    )
    assert "a timeline event" in consent.violations(case, consent.Step.PUBLISH)[0].reason


def test_named_consent_and_no_record_ask_nothing():
    case = draft(summary="Ana Example spoke at the Council.")
    with_consent(case, name="Ana Example", publication=P.NAMED)
    VictimFactory(case=case, name="Someone Without Consent")  # consent not recorded
    for step in consent.Step:
        assert consent.violations(case, step) == []


def test_annual_submission_needs_consent_to_share_with_the_un():
    case = draft()
    with_consent(case, publication=P.CONFIDENTIAL, share_with_un=True)
    assert consent.violations(case, consent.Step.ANNUAL) == []  # confidential may still go to the UN
    with_consent(case, publication=P.NAMED, share_with_un=False)
    (violation,) = consent.violations(case, consent.Step.ANNUAL)
    assert violation.victim_number == 2 and "sharing with the UN" in violation.reason


def test_redact_replaces_whole_words_whatever_their_case_or_accents():
    text = "ZÉLIE Quarrington met Zelie's lawyer; Quarringtonian is a word."
    assert consent.redact(text, ["Zelie Quarrington", "Zelie", "Quarrington"]) == (
        "[…] met […]'s lawyer; Quarringtonian is a word."
    )


# -- enforcing and overriding -------------------------------------------------------------------


def test_enforce_refuses_without_override_and_records_an_administrators_override(curator, administrator):
    case = draft()
    with_consent(case, publication=P.CONFIDENTIAL)
    with pytest.raises(consent.ConsentRefused) as refused:
        consent.enforce(case, consent.Step.FEATURE, user=curator, override_reason="I want to")
    assert "kept confidential" in str(refused.value) and refused.value.violations
    with pytest.raises(consent.ConsentRefused):
        consent.enforce(case, consent.Step.FEATURE, user=administrator, override_reason="   ")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OVERRIDE).exists()

    overridden = consent.enforce(
        case, consent.Step.FEATURE, user=administrator, override_reason="Agreed by phone"
    )
    assert len(overridden) == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.OVERRIDE)
    assert (event.case_pk, event.public_id, event.user_id) == (case.pk, case.public_id, administrator.pk)
    assert "feature" in event.summary and "Agreed by phone" in event.summary


def test_only_the_administrators_group_holds_the_override(curator, researcher):
    member = UserFactory(username="admin-member", is_staff=True)
    member.groups.add(Group.objects.get(name=ADMINISTRATORS))
    assert consent.can_override(member)
    assert not consent.can_override(curator) and not consent.can_override(researcher)
    assert not consent.can_override(None)


def test_publish_checks_consent(curator, administrator):
    case = draft(visibility=Visibility.PUBLIC)
    with_consent(case, name="Ana Example", publication=P.ANONYMISED)
    with pytest.raises(consent.ConsentRefused):
        publish(case, curator)
    with pytest.raises(consent.ConsentRefused):
        publish(case, curator, override_reason="curators cannot override")
    assert not Case.objects.get(pk=case.pk).is_published
    assert publish(case, administrator, override_reason="Court ruling made the name public") is True
    assert AuditEvent.objects.filter(action="override", case_pk=case.pk).count() == 1


# -- the back office --------------------------------------------------------------------------


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def test_case_change_page_shows_each_victims_consent(curator_client):
    case = draft()
    with_consent(case, publication=P.ANONYMISED, share_with_un=False, source=Consent.Source.INTAKE,
                 source_reference="bcdfg23456", withheld_name="Hidden Name")  # fmt: skip
    page = curator_client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "publish anonymised (no name)" in page and "Share with the UN: no" in page
    assert "bcdfg23456" in page and "Hidden Name" not in page
    assert "consent_override_reason" not in page  # curators are not offered the override


@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.RESTRICTED])
def test_making_a_case_public_or_restricted_is_refused(curator_client, visibility):
    case = draft()
    with_consent(case, publication=P.CONFIDENTIAL)
    response = curator_client.post(
        reverse("admin:cases_case_change", args=[case.pk]), case_form_data(case, visibility=visibility)
    )
    assert response.status_code == 200
    assert "kept confidential" in response.content.decode()
    assert Case.objects.get(pk=case.pk).visibility == Visibility.CONFIDENTIAL


def test_administrator_makes_a_case_public_with_an_audited_reason(client, administrator):
    case = draft()
    with_consent(case, publication=P.CONFIDENTIAL)
    client.force_login(administrator)
    url = reverse("admin:cases_case_change", args=[case.pk])
    assert "consent_override_reason" in client.get(url).content.decode()
    data = case_form_data(
        case, visibility=Visibility.PUBLIC, consent_override_reason="Consent renewed in writing"
    )
    assert client.post(url, data).status_code == 302
    assert Case.objects.get(pk=case.pk).visibility == Visibility.PUBLIC
    assert "Consent renewed in writing" in AuditEvent.objects.get(action="override").summary


def test_editing_a_published_case_cannot_add_a_withheld_detail(curator_client):
    case = CaseFactory()
    with_consent(case, publication=P.NAMED, withheld_details="Chipote prison")
    response = curator_client.post(
        reverse("admin:cases_case_change", args=[case.pk]),
        case_form_data(case, summary="She is held in Chipote prison."),
    )
    assert (
        response.status_code == 200
        and "must not be disclosed appears in the summary" in response.content.decode()
    )
    assert "Chipote" not in Case.objects.get(pk=case.pk).summary


def test_a_name_on_an_anonymised_victim_is_refused_in_both_forms(curator_client):
    case = draft()
    victim = with_consent(case, publication=P.ANONYMISED, withheld_name="Ana Example").victim
    data = case_form_data(case)
    data["victims-0-name"] = "Ana Example"
    response = curator_client.post(reverse("admin:cases_case_change", args=[case.pk]), data)
    assert response.status_code == 200 and "anonymised publication only" in response.content.decode()
    response = curator_client.post(
        reverse("admin:cases_victim_change", args=[victim.pk]),
        {"case": case.pk, "kind": "person", "gender": "unknown", "name": "Ana Example", "description": "x",
         "consent-TOTAL_FORMS": 1, "consent-INITIAL_FORMS": 1, "consent-MIN_NUM_FORMS": 0,
         "consent-MAX_NUM_FORMS": 1, "consent-0-id": victim.consent.pk, "consent-0-victim": victim.pk},
    )  # fmt: skip
    assert response.status_code == 200 and "anonymised publication only" in response.content.decode()
    victim.refresh_from_db()
    assert victim.name == ""


def test_intake_consent_is_read_only_for_curators(curator_client):
    case = draft()
    victim = with_consent(case, publication=P.ANONYMISED, source=Consent.Source.INTAKE).victim
    response = curator_client.get(reverse("admin:cases_victim_change", args=[victim.pk]))
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "publication" not in form.fields and "withheld_name" not in form.fields


def test_publish_confirmation_page(curator_client):
    case = draft(visibility=Visibility.PUBLIC)
    with_consent(case, name="Ana Example", publication=P.NAMED)
    url = reverse("admin:cases_case_publish", args=[case.pk])
    page = curator_client.get(url).content.decode()
    assert "publish with the name" in page and "Publishing keeps the consent given." in page
    assert curator_client.post(url).status_code == 302
    assert Case.objects.get(pk=case.pk).is_published


def test_bulk_publish_refuses_the_cases_that_break_consent(curator_client):
    fine, refused = draft(), draft()
    with_consent(refused, publication=P.CONFIDENTIAL)
    response = curator_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish_selected", "_selected_action": [fine.pk, refused.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "1 case published." in content and refused.public_id in content
    assert Case.objects.get(pk=fine.pk).is_published and not Case.objects.get(pk=refused.pk).is_published


# -- the CSV import: the same rule -------------------------------------------------------------


def _import(client, user, case, **changes):
    import io

    from cases.importer import import_cases_csv

    client.force_login(user)
    response = client.get(reverse("cases:export-cases", kwargs={"fmt": "csv"}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for old, new in changes.items():
        text = text.replace(getattr(case, old), new, 1)
    return import_cases_csv(io.BytesIO(text.encode()), user=user)


def test_the_import_cannot_make_a_case_public_against_consent(client, curator):
    case = CaseFactory(visibility=Visibility.RESTRICTED, published_at=None)
    with_consent(case, publication=P.CONFIDENTIAL)
    result = _import(client, curator, case, visibility="public")
    assert not result.ok and "kept confidential" in result.errors[0].message
    assert Case.objects.get(pk=case.pk).visibility == Visibility.RESTRICTED


def test_the_import_cannot_put_a_withheld_detail_in_a_published_case(client, curator):
    case = CaseFactory(visibility=Visibility.RESTRICTED, summary="Held since May.")
    with_consent(case, publication=P.NAMED, withheld_details="Chipote prison")
    result = _import(client, curator, case, summary="Held in Chipote prison since May.")
    assert not result.ok and "appears in the summary" in result.errors[0].message
    assert Case.objects.get(pk=case.pk).summary == "Held since May."
