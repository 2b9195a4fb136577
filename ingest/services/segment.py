"""The structure of a report: cover data, sections, annexes, country headings, numbered paragraphs
and the footnotes each paragraph cites.

A line is a numbered paragraph's first line when it starts with the next number of its section
("12. On 3 May…"); a heading when it stands alone between paragraphs (the paragraph before it has
ended, and a paragraph or another heading follows) or is a chapter ("IV. …"), a lettered section
("B. …"), an annex ("Annex I") or a country name; anything else continues the paragraph above.
Annex numbering restarts at 1. Everything before paragraph 1 is the cover, summary and contents.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from . import cover, layout
from .clean import CleanDocument, strip_marks
from .errors import NotAReprisalsReport
from .extract_text import mark
from .rules import fold, get_rules

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}

SECTION_BODY, SECTION_ANNEX_1, SECTION_ANNEX_2 = "body", "annex_1", "annex_2"
_PARAGRAPH = re.compile(r"^(\d{1,3})\.(?:\s+|\t)(\S.*)$")
_ITEM = re.compile(r"^(?:\([a-z]{1,4}\)|\([ivx]{1,5}\)|[•\u2022\u25aa\u2013\u2014-])\s")
_ROMAN = re.compile(r"^([IVX]{1,5})\.?\s+(\S.*)$")
_LETTER = re.compile(r"^([A-H])\.\s+(\S.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# A footnote number glued to the paragraph's last sentence ("resolution 12/2.1", "reprisal.5"):
# the sentence has ended; the number is the footnote's marker.
_TRAILING_MARKER = re.compile(r"(?<=[.;:!?\u201d\"\u2019)])(\d{1,3})$")
_CONNECTOR_END = re.compile(r"(?:\b(?:the|of|and|in|on|to|for|with|by|its|their|a|an)|,)$", re.I)


@dataclass
class ParsedParagraph:
    section: str
    number: int
    text: str
    chapter: str = ""
    heading: str = ""
    country_heading: str = ""
    country: str | None = None  # ISO 3166-1 alpha-2
    footnotes: list[int] = field(default_factory=list)
    follow_up_context: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.section, self.number)


@dataclass
class ParsedReport:
    symbol: str
    title: str
    year: int | None
    session: int | None
    published_on: date | None
    period_start: date | None
    period_end: date | None
    paragraphs: list[ParsedParagraph]
    footnotes: dict[int, str]
    page_count: int
    format: str
    annex_titles: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    language: str = ""  # the file's language ("en" when its English title was read)
    symbol_source: str = ""  # where the own symbol was read: masthead, running header, page header
    corrects: str = ""  # a corrigendum's report ("A/HRC/24/29" for A/HRC/24/29/Corr.1)
    corrections: list[str] = field(default_factory=list)  # a corrigendum's instructions, as printed

    @property
    def is_corrigendum(self) -> bool:
        return bool(self.corrects)

    @property
    def has_annexes(self) -> bool:
        return any(p.section != SECTION_BODY for p in self.paragraphs)


def ordinal_number(text: str) -> int | None:
    words = fold(text).replace("\u2013", "-").split("-")
    if len(words) == 1:
        return _UNITS.get(words[0])
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS:
        return _TENS[words[0]] + _UNITS[words[1]]
    return None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    match = re.match(r"(\d{1,2})\s+([A-Za-z]+)(?:\s+(\d{4}))?", text.strip())
    if not match:
        return None
    month = MONTHS.get(match.group(2).lower())
    year = int(match.group(3)) if match.group(3) else default_year
    if not month or not year:
        return None
    try:
        return date(year, month, int(match.group(1)))
    except ValueError:
        return None


def roman_value(numeral: str) -> int:
    total, previous = 0, 0
    for char in reversed(numeral.upper()):
        value = _ROMAN_VALUES.get(char, 0)
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def session_year(session: int | None) -> int | None:
    """The year of a September session of the Council (14th: 2010, 18th: 2011, then every 3)."""
    if session is None:
        return None
    if session < 18:
        return 2010
    return 2012 + (session - 21) // 3


@dataclass
class _OpenParagraph:
    """The paragraph being read, with the headings it falls under."""

    section: str
    number: int
    lines: list[str]
    chapter: str
    heading: str
    country_heading: str
    country: str | None
    follow_up: bool


@dataclass
class _Walk:
    """Where the segmenter's walk through the lines stands."""

    section: str | None = SECTION_BODY
    expected: int = 1  # the next paragraph number of the section
    chapter: str = ""
    heading: str = ""
    country_heading: str = ""
    country: str | None = None
    follow_up_heading: bool = False
    current: _OpenParagraph | None = None
    previous_heading: bool = False  # the line before was a heading
    pending_annex_title: list[str] | None = None  # an annex's title lines, until its first paragraph

    def enter_annex(self, section: str | None) -> None:
        self.section, self.expected = section, 1
        self.chapter = self.heading = self.country_heading = ""
        self.country = None

    def open_paragraph(self, number: int, first_line: str) -> _OpenParagraph:
        self.expected = number + 1
        return _OpenParagraph(
            section=self.section,
            number=number,
            lines=[first_line],
            chapter=self.chapter,
            heading=self.heading,
            country_heading=self.country_heading,
            country=self.country,
            follow_up=self.follow_up_heading,
        )


class _Segmenter:
    def __init__(self, lines: list[str], rules):
        self.lines = lines
        self.rules = rules
        self.countries = rules.countries
        doc = rules.document
        self.annex_heading = re.compile(doc["annex_heading"])
        self.annex_with_title = re.compile(doc["annex_with_title"])
        self.contents_line = re.compile(doc["contents_line"])
        self.follow_up_words = [w.casefold() for w in rules.cases["follow_up_headings"]]
        self.annex_follow_up = [w.casefold() for w in doc["annex_follow_up_title"]]
        self.paragraphs: list[ParsedParagraph] = []
        self.annex_titles: dict[str, str] = {}
        self.warnings: list[str] = []
        self.last_heading = ""

    # -- line classification ----------------------------------------------------------------

    def _plain(self, line: str) -> str:
        return re.sub(r"\s+", " ", strip_marks(line)[0]).strip().rstrip("*\u2020").strip()

    def paragraph_start(self, line: str, expected: int) -> int | None:
        match = _PARAGRAPH.match(line.strip())
        if not match:
            return None
        number = int(match.group(1))
        first = match.group(2)[:1]
        if not (first.isupper() or first.isdigit() or first in "\u201c\"'(\u2018["):
            return None
        if expected == 1:
            return number if number == 1 else None
        return number if expected <= number <= expected + 2 else None

    def annex(self, line: str) -> tuple[str, str] | None:
        text = self._plain(line)
        match = self.annex_heading.match(text)
        if match:
            return (match.group(1) or "I", "")
        match = self.annex_with_title.match(text)
        if match:
            return (match.group(1), match.group(2))
        return None

    def structural(self, line: str) -> bool:
        """A line that is a heading by its form alone."""
        text = self._plain(line)
        if not text or len(text) > 160 or text.endswith((".", ",", ";")) and not _ROMAN.match(text):
            return False
        if self.annex(text):
            return True
        if _ROMAN.match(text) or _LETTER.match(text):
            return True
        return self.countries.lookup(text) is not None

    def heading_like(self, line: str) -> bool:
        text = self._plain(line)
        if not text or len(text) > 160 or len(text.split()) > 24:
            return False
        if text.endswith((".", ",", ";", ":")) and not _ROMAN.match(text) and not _LETTER.match(text):
            return False
        if re.search(r"\d$", text) and not (_ROMAN.match(text) or _LETTER.match(text)):
            return False
        if _ITEM.match(text):
            return False
        return text[:1].isupper() or text[:1] in '\u201c"(' or text[:1].isdigit()

    # -- the walk ---------------------------------------------------------------------------

    def run(self, start: int) -> None:
        st = _Walk()  # the state of the walk: section, headings, the open paragraph
        lines = self.lines

        def close():
            if st.current is not None:
                self._emit(st.current)
            st.current = None

        index = start
        while index < len(lines):
            line = lines[index]
            stripped = line.strip()
            index += 1
            if not stripped or self.contents_line.search(stripped):
                continue
            annex = (
                self.annex(stripped)
                if st.current is None
                or self._ended(st.current)
                or self.annex_heading.match(self._plain(stripped))
                else None
            )
            if annex is not None:
                close()
                numeral, title = annex
                st.enter_annex(self._annex_section(numeral, title))
                st.follow_up_heading = st.section == SECTION_ANNEX_2
                st.pending_annex_title = [title] if title else []
                st.previous_heading = True
                continue
            number = self.paragraph_start(stripped, st.expected)
            if number is not None and st.section is not None:
                close()
                if st.pending_annex_title is not None:
                    self._annex_title(st.section, st.pending_annex_title)
                    st.pending_annex_title = None
                st.expected = number + 1
                st.current = st.open_paragraph(number, _PARAGRAPH.match(stripped).group(2))
                st.previous_heading = False
                continue
            if st.previous_heading and st.current is None and st.pending_annex_title is None:
                text = self._plain(stripped)
                if (
                    len(text) <= 160
                    and not text.endswith((".", ";"))
                    and not self.structural(stripped)
                    and self._continues_heading(text)
                ):
                    # the second line of a long heading ("… with the" / "United Nations, …")
                    self.last_heading = f"{self.last_heading} {text}"
                    if st.heading:
                        st.heading = f"{st.heading} {text}"
                    else:
                        st.chapter = f"{st.chapter} {text}"
                    st.follow_up_heading = st.follow_up_heading or self._is_follow_up(text)
                    continue
            ended = (
                st.current is None
                or self._ended(st.current)
                or st.previous_heading
                or (st.section == SECTION_BODY and self._next_chapter(stripped, st.chapter))
            )
            next_line = self._next(index)
            is_heading = (
                ended
                and self.heading_like(stripped)
                and (
                    self.structural(stripped)
                    or next_line is None
                    or self.paragraph_start(next_line, st.expected) is not None
                    or self.structural(next_line)
                    or (st.pending_annex_title is not None and self.heading_like(next_line))
                )
            )
            if is_heading:
                close()
                text = self._plain(stripped)
                if st.pending_annex_title is not None and not self.structural(stripped):
                    st.pending_annex_title.append(text)
                    st.previous_heading = True
                    continue
                if st.pending_annex_title is not None and self.countries.lookup(text):
                    self._annex_title(st.section, st.pending_annex_title)
                    st.pending_annex_title = None
                found = self.countries.lookup(_LETTER.sub(r"\2", text))
                self.last_heading = text
                if found:
                    st.country_heading, st.country = text, found
                elif _ROMAN.match(text):
                    st.chapter, st.heading, st.country_heading, st.country = text, "", "", None
                    st.follow_up_heading = st.section == SECTION_ANNEX_2 or self._is_follow_up(text)
                else:
                    st.heading, st.country_heading, st.country = text, "", None
                    if st.section == SECTION_ANNEX_2:
                        st.follow_up_heading = True
                    elif _LETTER.match(text) or self._is_follow_up(text):
                        st.follow_up_heading = self._is_follow_up(text) or self._is_follow_up(st.chapter)
                st.previous_heading = True
                continue
            st.previous_heading = False
            if st.current is not None:
                st.current.lines.append(stripped)
            elif st.pending_annex_title is not None:
                st.pending_annex_title.append(self._plain(stripped))
        close()
        if st.pending_annex_title:
            self._annex_title(st.section, st.pending_annex_title)

    def first_chapter(self, start: int) -> int:
        """Where the walk starts: at the chapter heading just above paragraph 1 ("I. Introduction"),
        so that paragraph 1 gets its chapter; else at paragraph 1."""
        index = start
        for back in range(start - 1, max(-1, start - 4), -1):
            line = self.lines[back].strip()
            if not line or self.contents_line.search(line) or not self.heading_like(line):
                break
            if _ROMAN.match(self._plain(line)):
                index = back
                break
        return index

    def _continues_heading(self, text: str) -> bool:
        prior = self.last_heading
        return bool(prior) and (bool(_CONNECTOR_END.search(prior)) or text[:1].islower())

    def _next(self, index: int) -> str | None:
        while index < len(self.lines):
            line = self.lines[index].strip()
            if line and not self.contents_line.search(line):
                return line
            index += 1
        return None

    def _ended(self, current: _OpenParagraph) -> bool:
        last = _TRAILING_MARKER.sub("", strip_marks(current.lines[-1])[0].rstrip())
        return last.endswith((".", ":", ";", "\u201d", '"', ")", "?", "!", "\u2019"))

    def _next_chapter(self, line: str, chapter: str) -> bool:
        """The next chapter's numeral ("II." after "I. …") starts a heading even when the
        paragraph above seems unfinished (a footnote marker the cleaner could not place)."""
        match = re.match(r"^([IVX]{1,5})\.\s+[A-Z]", self._plain(line))
        if not match or not self.heading_like(line):
            return False
        current = _ROMAN.match(chapter)
        done = roman_value(current.group(1)) if current else 0
        return roman_value(match.group(1)) == done + 1

    def _is_follow_up(self, text: str) -> bool:
        folded = text.casefold()
        return any(word in folded for word in self.follow_up_words)

    def _annex_section(self, numeral: str, title: str) -> str | None:
        value = {"I": 1, "1": 1, "II": 2, "2": 2}.get(numeral.upper())
        if title and any(w in title.casefold() for w in self.annex_follow_up):
            return SECTION_ANNEX_2
        if value == 1:
            return SECTION_ANNEX_1
        if value == 2:
            return SECTION_ANNEX_2
        self.warnings.append(
            f"Annex {numeral} is neither annex I nor annex II: its paragraphs are not stored."
        )
        return None

    def _annex_title(self, section, parts: list[str]) -> None:
        title = " ".join(p for p in parts if p).strip()
        if section and title:
            self.annex_titles[section] = title
            if section == SECTION_ANNEX_1 and any(w in title.casefold() for w in self.annex_follow_up):
                self.warnings.append("Annex I is titled as a follow-up annex.")

    def _emit(self, current: _OpenParagraph) -> None:
        if current.section is None:
            return
        parts = []
        for line in current.lines:
            if parts and _ITEM.match(line):
                parts.append("\n" + line)
            elif parts:
                parts.append(" " + line)
            else:
                parts.append(line)
        joined = "".join(parts)
        # a footnote number glued to the last sentence, left where no footnote block was found
        joined = _TRAILING_MARKER.sub(lambda m: mark(int(m.group(1))), joined.rstrip())
        text, notes = strip_marks(joined)
        text = re.sub(r"[ \t]+", " ", text).strip()
        text = re.sub(r" *\n *", "\n", text)
        self.paragraphs.append(
            ParsedParagraph(
                section=current.section,
                number=current.number,
                text=text,
                chapter=current.chapter,
                heading=current.heading,
                country_heading=current.country_heading,
                country=current.country,
                footnotes=notes,
                follow_up_context=current.follow_up,
            )
        )


def segment(document: CleanDocument) -> ParsedReport:
    rules = get_rules()
    lines = layout.normalise(document.lines, lambda text: rules.countries.lookup(text) is not None)
    start = _first_paragraph(lines)
    front = lines[:start] if start is not None else lines[:80]
    meta = parse_cover(front, document)
    if cover.base_symbol(meta["symbol"]) != meta["symbol"]:
        return _corrigendum(meta, front if start is None else lines, document)
    if start is None:
        raise NotAReprisalsReport(
            "No numbered paragraphs were found: this does not look like a report of the Secretary-General "
            "on cooperation with the UN (its paragraphs are numbered 1., 2., …)."
        )
    segmenter = _Segmenter(lines, rules)
    segmenter.run(segmenter.first_chapter(start))
    paragraphs = segmenter.paragraphs
    if not meta["title"]:
        body = " ".join(p.text for p in paragraphs[:40])
        signals = rules.phrases("report_body_signals", rules.document["report_body_signals"])
        if signals is None or len(signals.findall(body)) < 3:
            raise NotAReprisalsReport(
                "This is not a report of the Secretary-General on cooperation with the United Nations, its "
                "representatives and mechanisms in the field of human rights: its title is missing and it "
                "hardly mentions intimidation and reprisals."
            )
        meta["title"] = rules.document["report_title_phrases"][0]
    if meta["period_start"] is None:
        _period_from_paragraphs(meta, paragraphs)
    return ParsedReport(
        paragraphs=paragraphs,
        footnotes=document.footnotes,
        page_count=document.page_count,
        format=document.format,
        annex_titles=segmenter.annex_titles,
        warnings=segmenter.warnings,
        **meta,
    )


def _corrigendum(meta: dict, lines: list[str], document: CleanDocument) -> ParsedReport:
    """A corrigendum corrects its report: its instructions ("Paragraph 12, line 3", "For … read
    …") are kept as printed, to be applied by the curator; it has no paragraphs of its own."""
    marker = next((i for i, line in enumerate(lines) if line.strip().casefold() == "corrigendum"), None)
    corrections = [line.strip() for line in lines[marker + 1 :] if line.strip()] if marker is not None else []
    if not corrections:
        raise NotAReprisalsReport(
            f"{meta['symbol']} is a corrigendum, but no corrections were found after its "
            "'Corrigendum' heading."
        )
    return ParsedReport(
        paragraphs=[],
        footnotes=document.footnotes,
        page_count=document.page_count,
        format=document.format,
        corrects=cover.base_symbol(meta["symbol"]),
        corrections=corrections,
        **meta,
    )


def _first_paragraph(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        match = _PARAGRAPH.match(line.strip())
        if (
            match
            and match.group(1) == "1"
            and (match.group(2)[:1].isupper() or match.group(2)[:1] in '\u201c"(')
        ):
            return index
    return None


def parse_cover(front: list[str], document: CleanDocument) -> dict:
    rules = get_rules()
    doc = rules.document
    text = " ".join(strip_marks(line)[0].strip() for line in front)
    text = re.sub(r"\s+", " ", text)
    own = cover.own_symbol(document.masthead or front[:12], document.removed, document.headers)
    symbol = own.symbol
    title = ""
    folded = fold(text)
    for phrase in doc["report_title_phrases"]:
        if fold(phrase) in folded:
            title = phrase
            break
    published_on = None
    match = re.search(doc["distribution_date"], text)
    if match:
        published_on = parse_date(match.group(1))
    session = None
    for match in re.finditer(doc["session"], text):
        session = ordinal_number(match.group(1))
        if session:
            break
    if session is None and symbol:
        session = cover.symbol_session(symbol)
    year = published_on.year if published_on else session_year(session)
    period_start = period_end = None
    for pattern in doc["reporting_period"]:
        match = re.search(pattern, text)
        if match:
            period_end = parse_date(match.group(2))
            if period_end:
                period_start = parse_date(match.group(1), period_end.year)
                if period_start and period_start > period_end:
                    period_start = parse_date(match.group(1), period_end.year - 1)
                break
    return {
        "symbol": symbol or "",
        "symbol_source": own.source,
        "language": "en" if title else "",
        "title": title,
        "year": year,
        "session": session,
        "published_on": published_on,
        "period_start": period_start,
        "period_end": period_end,
    }


def _period_from_paragraphs(meta: dict, paragraphs: list[ParsedParagraph]) -> None:
    doc = get_rules().document
    for paragraph in paragraphs[:12]:
        for pattern in doc["reporting_period"]:
            match = re.search(pattern, paragraph.text)
            if match:
                end = parse_date(match.group(2))
                start = parse_date(match.group(1), end.year) if end else None
                if start and end and start > end:
                    start = parse_date(match.group(1), end.year - 1)
                if start and end:
                    meta["period_start"], meta["period_end"] = start, end
                    return
