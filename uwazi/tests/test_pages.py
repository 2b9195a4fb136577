"""The staff upload page and the Uwazi-format download."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.visibility import Visibility
from uwazi.importer import import_uwazi
from uwazi.mapping import Mapping, safe_name
from uwazi.models import SourceRecord

FIXTURES = Path(__file__).parent / "fixtures"
EN = (FIXTURES / "ishr_export_en.csv").read_bytes()


@pytest.fixture(autouse=True)
def mapping_file(settings, tmp_path):
    settings.UWAZI_MAPPING_FILE = str(tmp_path / "uwazi-mapping.json")


def _upload(client, **data):
    return client.post(
        reverse("uwazi:upload"),
        {
            "file": SimpleUploadedFile("en.csv", EN, content_type="text/csv"),
            "visibility": "confidential",
            **data,
        },
    )


@pytest.mark.django_db
def test_the_upload_page_needs_the_import_permission(client, curator, researcher):
    for user in (curator, researcher):
        client.force_login(user)
        assert client.get(reverse("uwazi:upload")).status_code == 403
    curator.user_permissions.add(Permission.objects.get(codename="add_importrun"))
    client.force_login(curator)
    assert client.get(reverse("uwazi:upload")).status_code == 200


@pytest.mark.django_db
def test_a_dry_run_upload_shows_the_plan_and_stores_nothing(client, administrator):
    client.force_login(administrator)
    response = _upload(client, dry_run="on")
    assert response.status_code == 200
    page = response.content.decode()
    assert "dry run: nothing was stored" in page
    assert "Being followed home" in page and "56 cases created" in page
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_imports_with_the_chosen_visibility_and_records_who(client, administrator):
    client.force_login(administrator)
    response = _upload(client, visibility="restricted")
    assert response.status_code == 200
    assert Case.objects.filter(visibility=Visibility.RESTRICTED).count() == 56
    assert SourceRecord.objects.first().last_run.user == administrator
    assert "en.csv" in client.get(reverse("uwazi:upload")).content.decode()


@pytest.mark.django_db
def test_a_bad_upload_says_why_and_imports_nothing(client, administrator):
    client.force_login(administrator)
    bad = EN.replace(b",Malawi,", b",Freedonia,")
    response = client.post(
        reverse("uwazi:upload"),
        {"file": SimpleUploadedFile("bad.csv", bad), "visibility": "confidential"},
    )
    assert response.status_code == 400
    assert "Freedonia" in response.content.decode() and "Nothing was imported" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_the_uwazi_download_holds_public_cases_only_in_the_import_format(client, administrator):
    import_uwazi(EN, "en.csv")
    public = list(Case.objects.order_by("pk")[:10])
    for case in public:
        case.visibility, case.published_at = Visibility.PUBLIC, timezone.now()
        case.save()
    client.force_login(administrator)  # even staff get public cases only: the file leaves the site
    response = client.get("/cases.csv?format=uwazi")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    mapping = Mapping()
    assert [
        label for label in header if not mapping.column(label)
    ] == []  # Uwazi's labels, which Uwazi safe-names
    assert safe_name("Was the victim a minor?") == "was_the_victim_a_minor_"
    titles = {row[0] for row in body}
    assert titles == {c.victims.get().display_name for c in public}
    zorbani = next((c for c in public if c.title == "Mohammed Al-Zorbani"), None)
    if zorbani is not None:  # one row per report mentioning the case
        assert sum(1 for row in body if row[0] == "Mohammed Al-Zorbani") == zorbani.mentions.count()
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    first = public[0]
    row = by_title[first.victims.get().display_name]
    assert row["From Country"] == first.country.name
    labels = row["Types of reprisals suffered"].split("|")
    assert len(labels) == first.reprisal_types.count()
    assert all("::" in label or label for label in labels)
