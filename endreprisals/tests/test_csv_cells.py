"""One helper for CSV formula escaping (endreprisals/csv_cells.py), used by every download."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from endreprisals.csv_cells import FORMULA_PREFIXES, formula_safe, undo_formula_safe

ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "'=1+1",  # already starts with an apostrophe: still protected, and reversible
        "''@x",
    ],
)
def test_every_formula_start_is_neutralised_and_reads_back_exactly(value):
    safe = formula_safe(value)
    assert safe == "'" + value
    assert undo_formula_safe(safe) == value


@pytest.mark.parametrize(
    "value, cell", [(None, ""), (42, "42"), (-3, "'-3"), ("plain", "plain"), ("'quoted", "'quoted")]
)
def test_other_values(value, cell):
    assert formula_safe(value) == cell
    assert undo_formula_safe(cell) == ("" if value is None else str(value))


def _project_sources():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "node_modules", "var"} or "tests" in parts or "migrations" in parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_escapes_formulas_on_its_own():
    """The prefixes appear once, in the helper: a second copy could drift (one of the old copies
    did not protect a cell that already started with an apostrophe)."""
    prefix_tuple = re.compile(r"""\(\s*["']=["']\s*,\s*["']\+["']""")
    copies = [
        str(path.relative_to(ROOT))
        for path, text in _project_sources()
        if prefix_tuple.search(text) and path.name != "csv_cells.py"
    ]
    assert copies == []
    assert FORMULA_PREFIXES[:4] == ("=", "+", "-", "@")


def test_every_csv_writer_goes_through_the_helper():
    uses_helper = re.compile(r"formula_safe|csv_cells?\(|csv_response\(")
    writers = [
        str(path.relative_to(ROOT))
        for path, text in _project_sources()
        if "csv.writer(" in text and not uses_helper.search(text) and path.parts[-2] != "bench"
    ]
    assert writers == []
