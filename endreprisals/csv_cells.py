"""CSV cells a spreadsheet will not run as formulas (CSV injection): the one helper every
download uses (cases, countries, reports, follow-up lists, charts, who-to-ask lists, petition
signatures, the annual submission).

A cell starting with one of FORMULA_PREFIXES gets a leading apostrophe, which spreadsheets show
as text and do not display. The rule is reversible, so the case importer reads back exactly what
was exported: a cell that already starts with apostrophes before such a character gets one more
("'=x" is written "''=x"), and `undo_formula_safe` removes exactly one.
"""

# "=", "+", "-" and "@" start formulas in Excel, LibreOffice and Google Sheets; a leading tab or
# carriage return is skipped by some of them before they look for one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value) -> str:
    """The value as cell text that no spreadsheet runs (None is an empty cell)."""
    text = "" if value is None else str(value)
    if text.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def undo_formula_safe(text: str) -> str:
    """Undo `formula_safe` (exact: "''=x" reads back as "'=x", "'plain" stays "'plain")."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
