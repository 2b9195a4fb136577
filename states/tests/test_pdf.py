import datetime
import re

import pytest

from cases.models import Case
from cases.tests.factories import CaseFactory
from states import pdf, services
from states.tests.factories import PermanentMissionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db

NON_LATIN = "Защитник прав — 香港 — مدافع"


@pytest.fixture
def pack(db):
    case = CaseFactory(title=f"Case {NON_LATIN}", country=country("NI"), status=Case.Status.ONGOING)
    StatementFactory(speaker=country("US"), raised_cases=[case])
    PermanentMissionFactory(country=country("US"), email="", office_hours="9–17")
    return services.briefing(country("US"), None, day=datetime.date(2023, 6, 1))


def test_pdf_with_unicode_font(pack):
    if pdf._font_dir() is None:
        pytest.skip("DejaVu fonts are not installed on this machine")
    data = pdf.briefing_pdf(pack)
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_pdf_without_unicode_font_replaces_what_it_cannot_show(pack, monkeypatch):
    monkeypatch.setattr(pdf, "_font_dir", lambda: None)
    data = pdf.briefing_pdf(pack)
    assert data.startswith(b"%PDF")


def test_pdf_of_a_long_list_paginates(db, monkeypatch):
    for n in range(80):
        CaseFactory(title=f"Open case number {n} " + "with a long title " * 5, country=country("HN"))
    monkeypatch.setattr(pdf, "_font_dir", lambda: None)  # uncompressed text is easier to check
    data = pdf.briefing_pdf(services.briefing(country("US"), None, day=datetime.date(2023, 6, 1)))
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) > 2
