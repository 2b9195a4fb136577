"""Dates as Uwazi exports them and as people type them into ISHR's free-text date fields.

Uwazi writes metadata dates in the site's format (e.g. DD/MM/YYYY) or, with no format set, as
ISO 8601 with a time ("2021-05-01T00:00:00Z", always UTC midnight: never shifted); ranges are
"from~to" on export and "from:to" in files prepared for import. ISHR's text fields hold lists such
as "20 March 2017; 26 May 2017" or "Since December 2008". Each piece is parsed where it parses, to
the precision it gives (day, month or year); the text itself is always kept.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "enero"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto"),
            ("september", "sep", "sept", "septiembre", "setiembre"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_YMD = re.compile(r"^(\d{4})[/. ](\d{1,2})[/. ](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+)?" + _MONTH + r"\s+(?:de\s+)?(\d{4})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?:de\s+)?(\d{4})\b", re.I)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
# --date-format values: Uwazi's own tokens (as a site's dateFormat setting writes them).
DATE_FORMATS = {"DD/MM/YYYY": "dmy", "MM/DD/YYYY": "mdy", "YYYY/MM/DD": "ymd", "YYYY-MM-DD": "ymd"}


@dataclass(frozen=True)
class Parsed:
    value: date
    precision: str  # day, month, year


class Ambiguous(ValueError):
    """A numeric date that reads both as day/month and month/day."""


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_one(text: str, order: str | None = None) -> Parsed | None:
    """One date, or None. `order` ("dmy"/"mdy") settles numeric dates like 03/04/2017; without
    it a numeric date whose two first numbers are both ≤ 12 raises Ambiguous."""
    text = text.strip().strip(".,;")
    if not text:
        return None
    if match := _ISO.match(text):
        day = _valid(*map(int, match.groups()))
        return Parsed(day, "day") if day else None
    if match := _YMD.match(text):
        day = _valid(*map(int, match.groups()))
        return Parsed(day, "day") if day else None
    if match := _NUMERIC.match(text):
        first, second, year = map(int, match.groups())
        if order is None:
            if first <= 12 and second <= 12 and first != second:
                raise Ambiguous(text)
            order = "mdy" if second > 12 else "dmy"
        day = _valid(year, first, second) if order == "mdy" else _valid(year, second, first)
        return Parsed(day, "day") if day else None
    if match := _DAY_MONTH_YEAR.search(text):
        day = _valid(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
        return Parsed(day, "day") if day else None
    if match := _MONTH_DAY_YEAR.search(text):
        day = _valid(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
        return Parsed(day, "day") if day else None
    if match := _MONTH_YEAR.search(text):
        return Parsed(date(int(match.group(2)), MONTHS[match.group(1).lower()], 1), "month")
    if match := _YEAR.search(text):
        return Parsed(date(int(match.group(1)), 1, 1), "year")
    return None


def pieces(text: str) -> list[str]:
    """A cell's dates: split on "|" and ";" (lists), "~" (ranges) and ":" (import ranges) — the
    colon only between two dates, never inside an ISO time."""
    out = []
    for item in re.split(r"[|;\n]", text):
        for part in item.split("~"):
            part = part.strip()
            if not part:
                continue
            if ":" in part and not _ISO.match(part):
                out.extend(p.strip() for p in part.split(":") if p.strip())
            else:
                out.append(part)
    return out


def parse_all(text: str, order: str | None = None) -> tuple[list[Parsed], list[str]]:
    """(dates that parsed, pieces that did not or were ambiguous)."""
    parsed, failed = [], []
    for piece in pieces(text):
        try:
            value = parse_one(piece, order)
        except Ambiguous:
            value = None
        if value is None:
            failed.append(piece)
        else:
            parsed.append(value)
    return parsed, failed


def numeric_order(cells: list[str]) -> str | None:
    """The day/month order a whole file's numeric dates reveal ("dmy", "mdy"), None when no date
    settles it; ValueError when some dates read only one way and others only the other."""
    seen = set()
    for cell in cells:
        for piece in pieces(cell):
            if match := _NUMERIC.match(piece.strip()):
                first, second, _year = map(int, match.groups())
                if first > 12:
                    seen.add("dmy")
                elif second > 12:
                    seen.add("mdy")
    if len(seen) > 1:
        raise ValueError("both day/month and month/day dates")
    return seen.pop() if seen else None
