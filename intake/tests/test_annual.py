"""The annual submission to the Secretary-General: DOCX and CSV, confidential cases marked, and
only cases the member of staff may see."""

import csv
import datetime
import io

import pytest
from docx import Document

from audit.models import AuditEvent
from cases.models import AccessGrant, Case, Country
from cases.tests.factories import CaseFactory, ConsentFactory, VictimFactory
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db
URL = "/intake/staff/annual/"


@pytest.fixture
def cases():
    public = CaseFactory(
        title="Alpha public case",
        summary="Detained after meeting the Special Rapporteur.",
        incident_date=datetime.date(2024, 5, 1),
        incident_date_precision=Case.DatePrecision.MONTH,
        perpetrator_kind=Case.Perpetrator.STATE,
        mechanisms=["sr-defenders"],
    )
    VictimFactory(case=public, name="Public Person")
    confidential = CaseFactory(
        title="Omega secret case",
        country=Country.objects.get(iso2="DJ"),
        summary='=HYPERLINK("evil") threatened by an armed group.',
        visibility=Visibility.CONFIDENTIAL,
        published_at=None,
        perpetrator_kind=Case.Perpetrator.NON_STATE,
        incident_date=datetime.date(2023, 2, 3),
    )
    journalist = VictimFactory(case=confidential, name="", description="a journalist")
    ConsentFactory(victim=journalist, share_with_un=True, publication="confidential")
    return public, confidential


def _produce(client, fmt, *public_ids, **query):
    return client.post(
        URL + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        {"title": "Submission 2025", "cases": list(public_ids), "format": fmt},
    )


def test_docx(client, administrator, cases):
    public, confidential = cases
    client.force_login(administrator)
    response = _produce(client, "docx", public.public_id, confidential.public_id)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annual-submission.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Submission 2025" in text
    assert "CONFIDENTIAL — do not publish or attribute" in text
    assert "1 of these cases are confidential" in text
    assert "CONTAINS CONFIDENTIAL INFORMATION" in document.sections[0].header.paragraphs[0].text
    for expected in (
        "Djibouti",
        "a journalist",
        "2023-02-03",
        "Non-State actors",
        "threatened by an armed group",
        "Nicaragua",
        "Public Person",
        "2024-05",
        "Detained after meeting the Special Rapporteur.",
        "State actors",
        "yes",
        "not recorded",
        "CONFIDENTIAL",
        public.public_id,
    ):
        assert any(expected in cell for cell in cells), expected
    assert any("Special Rapporteur on the situation of human rights defenders" in c for c in cells)
    assert document.core_properties.author == "EndReprisals"
    # Country order: Djibouti before Nicaragua; the confidential marker follows its heading.
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[0].startswith("1. Djibouti") and headings[1].startswith("2. Nicaragua")


def test_csv(client, administrator, cases):
    public, confidential = cases
    client.force_login(administrator)
    response = _produce(client, "csv", public.public_id, confidential.public_id)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "Reference",
        "Country",
        "Victim(s)",
        "Date",
        "UN body engaged",
        "What happened",
        "Perpetrator",
        "Consent to share",
        "Confidential",
    ]
    by_ref = {row["Reference"]: row for row in rows}
    conf = by_ref[confidential.public_id]
    assert conf["Confidential"] == "CONFIDENTIAL"
    assert conf["Consent to share"] == "yes"
    assert conf["Victim(s)"] == "a journalist"
    assert conf["What happened"].startswith("'=HYPERLINK")  # no spreadsheet formulas
    pub = by_ref[public.public_id]
    assert pub["Confidential"] == "no" and pub["Consent to share"] == "not recorded"
    assert pub["Date"] == "2024-05" and pub["Country"] == "Nicaragua"


def test_selection_goes_through_the_visibility_gate(client, curator, cases):
    public, confidential = cases
    client.force_login(curator)
    page = client.get(URL).content.decode()
    assert public.title in page and confidential.title not in page
    response = _produce(client, "csv", confidential.public_id)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()

    AccessGrant.objects.create(user=curator, case=confidential, level=AccessGrant.Level.CONFIDENTIAL)
    assert _produce(client, "csv", confidential.public_id).status_code == 200


def test_filters_and_required_selection(client, administrator, cases):
    public, confidential = cases
    client.force_login(administrator)
    page = client.get(URL, {"country": "DJ"}).content.decode()
    assert confidential.title in page and public.title not in page
    page = client.get(URL, {"date_from": "2024-01-01"}).content.decode()
    assert public.title in page and confidential.title not in page
    response = _produce(client, "docx")
    assert response.status_code == 400 and "Select at least one case." in response.content.decode()
    # A case outside the filter cannot be slipped in.
    assert _produce(client, "csv", public.public_id, country="DJ").status_code == 400


def test_the_selection_page_and_the_download_are_in_the_audit_log(client, administrator, cases):
    public, confidential = cases
    client.force_login(administrator)
    assert confidential.title in client.get(URL).content.decode()
    assert _produce(client, "csv", public.public_id, confidential.public_id).status_code == 200
    seen = AuditEvent.objects.filter(action__in=["view", "export"]).order_by("pk")
    assert list(seen.values_list("public_id", "action", "username", "via")) == [
        (confidential.public_id, "view", administrator.username, URL),
        (confidential.public_id, "export", administrator.username, URL),
    ]


def test_a_long_selection_is_listed_up_to_the_limit_and_capped(client, administrator, cases, monkeypatch):
    from intake import annual

    public, confidential = cases
    extra = CaseFactory(title="Beta restricted case", visibility=Visibility.RESTRICTED)
    monkeypatch.setattr(annual, "MAX_CASES", 2)
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    listed = [title for title in (public.title, extra.title, confidential.title) if title in page]
    assert len(listed) == 2
    assert "3 cases you may see match." in page and "Only the first 2 are listed" in page
    seen = AuditEvent.objects.filter(action="view").values_list("public_id", flat=True)
    assert sorted(seen) == sorted(
        c.public_id for c in Case.objects.filter(title__in=listed).exclude(visibility="public")
    )

    too_many = _produce(client, "csv", public.public_id, extra.public_id, confidential.public_id)
    assert too_many.status_code == 400
    assert "A submission can hold at most 2 cases." in too_many.content.decode()
    unlisted = next(c for c in (public, extra, confidential) if c.title not in listed)
    response = _produce(client, "csv", unlisted.public_id)
    assert response.status_code == 200 and unlisted.public_id in response.content.decode()
