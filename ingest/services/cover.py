"""The report's own symbol, told apart from the symbols it cites.

The UN prints a document's own symbol in three places: alone at the top right of the cover (the
masthead, "United Nations ... A/HRC/42/30" on one line when the text keeps the layout), alone at
the head of every later page (the running header), and in the Word file's page header. Every
other symbol on the cover is a citation: the previous report in the summary ("since the previous
report (A/HRC/39/41)"), "see A/HRC/…", "resolution …", a footnote, a footnote spliced into the
job-number line ("GE.14-… A/HRC/25/74, case CMR 4/2013."). So only a symbol that stands alone on
its line (page numbers, "United Nations" and the furniture words aside) counts as the report's
own; the masthead is read first, then the running headers (the most frequent wins); a symbol
seen only in running text leaves the report without a symbol, and the import stops and asks.

check_catalogue() then compares symbol, session and year with the catalogue of reports
(cases/reference/reports.csv, loaded by `load_reference`).
"""

import re
from collections import Counter
from dataclasses import dataclass

from .rules import get_rules

# What may share a line with the own symbol: the organisation's name, a page number, the
# distribution words, an asterisk, the furniture of advance versions.
_BESIDE = re.compile(
    r"^(?:United Nations|General Assembly|Distr\.?:?\s*General|Advance (?:un)?edited version|"
    r"\d{1,3}|\*+|[\u2003\s]*)$",
    re.I,
)


def symbol_pattern() -> re.Pattern:
    return re.compile(get_rules().document["symbol"])


def alone(line: str, pattern: re.Pattern | None = None) -> str | None:
    """The symbol of a line that holds a symbol and nothing else of substance, else None.

    "A/HRC/42/30", "United Nations      A/HRC/42/30", "A/HRC/42/30   3", "4  A/HRC/42/30" are
    alone; "(A/HRC/39/41)", "see A/HRC/36/31", "GE.14-12345  A/HRC/25/74, case CMR 4/2013." are not.
    """
    pattern = pattern or symbol_pattern()
    text = line.strip()
    matches = list(pattern.finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    before, after = text[: match.start()], text[match.end() :].rstrip("*")
    if before and not (before[-1].isspace() and _BESIDE.match(before.strip())):
        return None  # "(A/HRC/39/41", "report A/HRC/39/41": a citation in running text
    if after and not (after[0].isspace() and _BESIDE.match(after.strip())):
        return None  # "A/HRC/25/74, case …": a citation
    return match.group(0)


@dataclass
class OwnSymbol:
    symbol: str
    source: str  # "masthead", "running header", "page header" or ""


def own_symbol(masthead: list[str], furniture: list[str], headers: list[str]) -> OwnSymbol:
    """The report's own symbol from its masthead (the first lines of the cover, read before any
    furniture was removed), its running headers, or the Word file's page header."""
    pattern = symbol_pattern()
    for line in masthead:
        found = alone(line, pattern) or _glued_masthead(line, pattern)
        if found:
            return OwnSymbol(found, "masthead")
    counted = Counter(s for s in (alone(line, pattern) for line in furniture) if s)
    if counted:
        return OwnSymbol(counted.most_common(1)[0][0], "running header")
    for line in headers:
        found = alone(line, pattern)
        if found:
            return OwnSymbol(found, "page header")
    return OwnSymbol("", "")


def _glued_masthead(line: str, pattern: re.Pattern) -> str | None:
    """The masthead of a copy whose tags were stripped without spaces:
    "United NationsA/HRC/45/83General AssemblyDistr.: General…"."""
    match = re.match(rf"^\s*United Nations\s*({pattern.pattern})\s*(?:General Assembly|Distr\.)", line)
    return match.group(1) if match else None


def base_symbol(symbol: str) -> str:
    """ "A/HRC/24/29/Corr.1" -> "A/HRC/24/29"; a report's own symbol comes back as it is."""
    return re.sub(r"/(?:Corr|Add|Rev)\.\d{1,2}$", "", symbol)


def symbol_session(symbol: str) -> int | None:
    parts = symbol.split("/")
    return int(parts[2]) if len(parts) >= 3 and parts[2].isdigit() else None


@dataclass
class CatalogueEntry:
    symbol: str
    year: int | None
    session: int | None


def load_catalogue() -> list[CatalogueEntry]:
    """The catalogue of reports: the Report rows `load_reference` creates from
    cases/reference/reports.csv (and the reports ingested since), demo reports aside."""
    from cases.models import Report

    return [
        CatalogueEntry(symbol, year, session)
        for symbol, year, session in Report.objects.filter(is_demo=False).values_list(
            "symbol", "year", "session"
        )
    ]


def check_catalogue(
    symbol: str, session: int | None, year: int | None, catalogue: list[CatalogueEntry]
) -> tuple[list[str], list[str]]:
    """(problems, notes). Problems stop the import until the curator confirms: no own symbol,
    or symbol, session and year that disagree with each other or with the catalogue's entry for
    that symbol. Notes are shown with the cover: a symbol the catalogue does not list (the
    catalogue may be behind, or the symbol mistyped)."""
    from .segment import session_year

    if not symbol:
        return [
            "The report's own symbol was not found: it is printed alone at the top of the cover and "
            "of each page, and neither was in the file (symbols in the text are citations of other "
            "documents). Enter the symbol."
        ], []
    problems, notes = [], []
    base = base_symbol(symbol)
    from_symbol = symbol_session(base)
    if session is not None and from_symbol is not None and session != from_symbol:
        problems.append(
            f"The cover names session {session}, but the symbol {symbol} belongs to session {from_symbol}."
        )
    expected_year = session_year(from_symbol)
    if year is not None and expected_year is not None and year != expected_year:
        problems.append(
            f"The cover is dated {year}, but session {from_symbol} of {symbol} met in {expected_year}."
        )
    entry = next((e for e in catalogue if e.symbol == base), None)
    if entry is not None:
        if entry.session is not None and session is not None and entry.session != session:
            problems.append(
                f"The catalogue lists {base} for session {entry.session}, the cover says {session}."
            )
        if entry.year is not None and year is not None and entry.year != year:
            problems.append(f"The catalogue lists {base} in {entry.year}, the cover is dated {year}.")
    else:
        same_session = [e.symbol for e in catalogue if e.session is not None and e.session == from_symbol]
        if same_session:
            notes.append(
                f"{base} is not in the catalogue of reports, which lists {', '.join(same_session)} for "
                f"session {from_symbol}."
            )
        else:
            notes.append(f"{base} is not in the catalogue of reports.")
    return problems, notes
