"""The catalogue of reports is completed from sg_reprisals_reports.csv (copied with its sources)."""

import datetime

import pytest

from cases.models import Report
from cases.reference.loader import load_reference


@pytest.mark.django_db
def test_reports_carry_issue_dates_periods_and_sources_where_published():
    load_reference()
    report_2014 = Report.objects.get(symbol="A/HRC/27/38")
    assert report_2014.published_on == datetime.date(2014, 8, 27)
    assert (report_2014.period_start, report_2014.period_end) == (
        datetime.date(2013, 6, 16),
        datetime.date(2014, 5, 31),
    )
    assert report_2014.source_url.startswith("https://right-docs.org/")
    # Only the month was seen for 2018's issue date: not stored as a day.
    assert Report.objects.get(symbol="A/HRC/39/41").published_on is None
    assert Report.objects.get(symbol="A/HRC/57/60").year == 2024  # added from the catalogue
    assert not Report.objects.filter(year=2025, is_demo=False).exists()  # its symbol was not seen
    history = Report.history.count()
    load_reference()
    assert Report.history.count() == history  # idempotent
