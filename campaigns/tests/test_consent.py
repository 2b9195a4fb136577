"""Featuring a case in a campaign and putting it in a letter check every victim's consent
(cases/consent.py): refused with the reason; an administrator overrides with an audited reason."""

import html

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from campaigns.models import FeaturedCase
from cases.models import Consent
from cases.tests.factories import CaseFactory, ConsentFactory, VictimFactory

from .factories import make_world

pytestmark = pytest.mark.django_db


def _posted(response) -> dict:
    """The admin change form's data as the browser would send it back unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                data[form.add_prefix(name)] = value
    return data


def _unconsented_case(**consent):
    case = CaseFactory(title="A case its victim asked us to keep confidential")
    ConsentFactory(
        victim=VictimFactory(case=case, name="", description="a defender"),
        publication=consent.get("publication", Consent.Publication.CONFIDENTIAL),
    )
    return case


def _feature(client, campaign, case, **extra):
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    data = _posted(client.get(url))
    n = int(data["featured-TOTAL_FORMS"])
    data.update({"featured-TOTAL_FORMS": n + 1, f"featured-{n}-case": case.pk, f"featured-{n}-position": 9})
    data.update(extra)
    return client.post(url, data)


def test_featuring_a_case_against_consent_is_refused(client, curator, administrator):
    world = make_world()
    case = _unconsented_case()
    client.force_login(administrator)
    response = _feature(client, world["campaign"], case)
    assert response.status_code == 200
    assert "kept confidential" in response.content.decode()
    assert not FeaturedCase.objects.filter(case=case).exists()

    response = _feature(
        client, world["campaign"], case, consent_override_reason="Family asked us to campaign"
    )
    assert response.status_code == 302
    assert FeaturedCase.objects.filter(case=case).exists()
    event = AuditEvent.objects.get(action="override")
    assert event.case_pk == case.pk and "feature" in event.summary
    assert "Family asked us to campaign" in event.summary


def test_a_campaign_text_naming_an_anonymised_victim_is_refused(client, administrator):
    world = make_world()
    case = CaseFactory()
    ConsentFactory(
        victim=VictimFactory(case=case, name="", description="a lawyer"),
        publication=Consent.Publication.ANONYMISED,
        withheld_name="Ana Example",
    )
    client.force_login(administrator)
    url = reverse("admin:campaigns_campaign_change", args=[world["campaign"].pk])
    data = _posted(client.get(url))
    n = int(data["featured-TOTAL_FORMS"])
    data.update(
        {
            "featured-TOTAL_FORMS": n + 1,
            f"featured-{n}-case": case.pk,
            f"featured-{n}-position": 3,
            f"featured-{n}-blurb": "Ana Example has been in prison since May.",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "the campaign's text about the case" in html.unescape(response.content.decode())
    assert not FeaturedCase.objects.filter(case=case).exists()


def test_adding_a_case_to_a_letter_against_consent_is_refused(client, administrator):
    world = make_world()
    action = world["action"]
    case = _unconsented_case()
    client.force_login(administrator)
    url = reverse("admin:campaigns_emailaction_change", args=[action.pk])
    page = client.get(url)
    data = _posted(page)
    data["cases"] = [*data["cases"], case.pk]
    response = client.post(url, data)
    assert response.status_code == 200 and "kept confidential" in response.content.decode()
    assert case not in action.cases.all()
    data["consent_override_reason"] = "Cleared with the victim's lawyer"
    assert client.post(url, data).status_code == 302
    assert case in action.cases.all()
    assert AuditEvent.objects.filter(action="override", case_pk=case.pk).exists()


def test_campaign_and_letter_pages_show_the_consent_of_their_cases(client, administrator):
    world = make_world()
    case = world["cases"][0]
    ConsentFactory(
        victim=VictimFactory(case=case), publication=Consent.Publication.NAMED, share_with_un=False
    )
    client.force_login(administrator)
    for url in [
        reverse("admin:campaigns_campaign_change", args=[world["campaign"].pk]),
        reverse("admin:campaigns_emailaction_change", args=[world["action"].pk]),
    ]:
        page = client.get(url).content.decode()
        assert f"{case.public_id}, victim 1: Publication: publish with the name." in page, url
        assert "Share with the UN: no" in page
