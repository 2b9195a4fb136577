"""The admin pages of the campaigns app render, and supporter rows cannot be edited there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from campaigns import services
from campaigns.models import Mailing, Signature
from cases.models import Country

from .factories import make_world

pytestmark = pytest.mark.django_db


def test_every_campaigns_admin_page_renders(client, administrator):
    world = make_world()
    france = Country.objects.get(iso2="FR")
    signature = services.sign_petition(
        world["petition"], name="A", email="a@example.org", country=france, page="/"
    )
    submission = services.start_action(
        world["action"],
        name="A",
        email="a@example.org",
        country=france,
        letter_body="Words {state}",
        targets=[france],
        page="/",
    )
    services.confirm_action(submission)
    Mailing.objects.create(mailing_list=world["mailing_list"], subject="Hello", body="Text")
    client.force_login(administrator)
    for model in apps.get_app_config("campaigns").get_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not admin.site.is_registered(model):
            continue  # internal bookkeeping (schedules, rate limits, deliveries)
        changelist = reverse(f"{prefix}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        row = model.objects.first()
        if row is not None:
            assert client.get(reverse(f"{prefix}_change", args=[row.pk])).status_code == 200, model
    assert client.get(reverse("admin:campaigns_signature_add")).status_code == 403
    response = client.post(
        reverse("admin:campaigns_signature_change", args=[signature.pk]), {"name": "Changed"}
    )
    assert response.status_code == 403
    assert Signature.objects.get().name == "A"
    assert client.get(reverse("campaigns:staff")).status_code == 200
