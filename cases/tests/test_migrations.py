"""What the raw-SQL migrations install stays installed after every later migration: on SQLite a
migration that adds a column with a default rebuilds the table without its triggers."""

import importlib

import pytest
from django.db import connection

case_table = importlib.import_module("cases.migrations._sqlite_case_table")


@pytest.mark.django_db
def test_every_trigger_and_index_of_the_cases_table_is_in_place():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL changes a table in place")
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE tbl_name = 'cases_case'")
        present = {(kind.upper(), name) for kind, name in cursor.fetchall()}
    expected = {case_table._name(sql) for sql in case_table._statements()}
    assert len(expected) == 10
    assert expected <= present, f"missing: {sorted(expected - present)}"


@pytest.mark.django_db
def test_a_new_case_is_found_by_search_and_changes_the_data_version():
    """The triggers at work, not only present."""
    from cases.models import Case, DataVersion, FacetChange
    from cases.search.query import apply_search
    from cases.tests.factories import CaseFactory

    before = DataVersion.current()
    case = CaseFactory(title="Zqxwvu remade-table check")
    assert DataVersion.current() != before
    assert FacetChange.objects.filter(case_id=case.pk).exists()
    assert list(apply_search(Case.objects.all(), "Zqxwvu")) == [case]
