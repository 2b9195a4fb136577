"""Page furniture out, footnotes apart, words whole again.

- Headers and footers repeated on most pages (the symbol, page numbers, "GE.20-xxxxx", the
  barcode line) and the lines document.json lists as furniture are removed from the top and
  bottom of each page.
- Footnotes at the foot of each page are taken out and numbered; the matching markers glued to
  the text above them ("reprisals.12 The") become FOOTNOTE markers (extract_text.mark), so the
  paragraphs know which footnotes they cite. Numbering runs through the document, which tells a
  footnote from a body line that happens to start with a number.
- Words hyphenated at a line end are joined ("intimi-" + "dation"), keeping the hyphen of
  compounds ("follow-" + "up").
- Pages are joined, so a paragraph broken across pages reads as one.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .extract_text import MARK_RE, TextDocument, mark
from .rules import get_rules


@dataclass
class CleanDocument:
    format: str
    lines: list[str]
    footnotes: dict[int, str]
    page_count: int
    first_page: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # furniture lines: running headers hold the symbol
    masthead: list[str] = field(default_factory=list)  # the cover's first lines, before any cleaning
    headers: list[str] = field(default_factory=list)  # the Word file's page headers


_FOOTNOTE_LINE = re.compile(r"^(\d{1,3})(?:\s+|\t)(\S.*)$")
_ZONE = 3
_MASTHEAD = 12


def clean(document: TextDocument) -> CleanDocument:
    rules = get_rules().document
    furniture = [re.compile(p) for p in rules["furniture_lines"]]
    pages = [[line.rstrip() for line in page.split("\n")] for page in document.pages]
    pages = [[line for line in page if line.strip()] for page in pages]
    # The masthead is evidence (the report's own symbol stands alone there): keep it before the
    # symbol line is taken away as page furniture.
    masthead = list(pages[0][:_MASTHEAD]) if pages else []
    removed: list[str] = []
    footnotes: dict[int, str] = dict(document.footnotes or {})
    if document.paginated:
        repeated = _repeated_lines(pages)
        next_note = 1
        cleaned = []
        for page in pages:
            page = _strip_furniture(page, furniture, repeated, removed)
            if document.footnotes is None:
                page, notes = _take_footnotes(page, next_note)
                for number, text in notes.items():
                    footnotes[number] = text
                    next_note = number + 1
            cleaned.append(page)
        pages = cleaned
    else:
        pages = [_strip_furniture(page, furniture, set(), removed, zone=1) for page in pages]
    first_page = list(pages[0]) if pages else []
    lines = [line for page in pages for line in page]
    lines = _dehyphenate(lines, {p.casefold() for p in rules["hyphen_keep_prefixes"]})
    return CleanDocument(
        format=document.format,
        lines=lines,
        footnotes=footnotes,
        page_count=document.page_count,
        first_page=first_page,
        removed=removed,
        masthead=masthead,
        headers=list(document.meta.get("headers", [])),
    )


def _key(line: str) -> str:
    """Lines compared across pages; short ones with their numbers ignored (page numbers)."""
    line = re.sub(r"\s+", " ", line.strip())
    return re.sub(r"\d+", "#", line) if len(line) <= 40 else line


def _repeated_lines(pages: list[list[str]]) -> set[str]:
    """Lines found in the top or bottom zone of many pages, digits ignored (page numbers)."""
    if len(pages) < 3:
        return set()
    counts = Counter()
    for page in pages:
        zone = {_key(line) for line in page[:_ZONE] + page[-_ZONE:]}
        counts.update(zone)
    threshold = max(3, int(0.4 * len(pages)))
    return {key for key, count in counts.items() if count >= threshold and key not in {"#"}} | {"#"}


def _is_furniture(line: str, furniture, repeated) -> bool:
    stripped = line.strip()
    if _key(stripped) in repeated and (stripped.isdigit() or len(stripped) < 90):
        return True
    return any(p.match(stripped) for p in furniture)


def _strip_furniture(page, furniture, repeated, removed, zone=_ZONE):
    start, end = 0, len(page)
    while start < min(zone, end) and _is_furniture(page[start], furniture, repeated):
        removed.append(page[start])
        start += 1
    bottom = 0
    while end > start and bottom < zone + 1 and _is_furniture(page[end - 1], furniture, repeated):
        removed.append(page[end - 1])
        end -= 1
        bottom += 1
    return page[start:end]


def _marker_regex(number: int) -> re.Pattern:
    """A footnote number glued to the word or punctuation before it: "reprisals.12 The",
    "Committee12,", "in 2019.12 On", "in 2013,12 was" (after a figure and a full stop only at a
    sentence end, so "3.5" stays; never inside a figure such as "1,500")."""
    n = str(number)
    letter = r"[^\W\d_]"
    closing = r"[)\]\u201d\u2019\"']"
    before = (
        rf"(?:(?<={letter})|(?<={closing})|(?<={letter}[.,;:])|(?<={closing}[.,;:])"
        rf"|(?<=\d\.)(?=\d+(?:\s+[A-Z\u201c(]|\s*$))|(?<=\d[,;:])(?=\d+\s))"
    )
    return re.compile(rf"{before}{n}(?=[\s.,;:)\u201d]|$)(?!\d)")


def _take_footnotes(page: list[str], expected: int) -> tuple[list[str], dict[int, str]]:
    """The footnote block at the bottom of a page: it starts with the next footnote number and its
    marker is glued to the text above; further notes follow in sequence."""
    start = None
    for index in range(len(page) - 1, 0, -1):
        match = _FOOTNOTE_LINE.match(page[index])
        if not match or int(match.group(1)) != expected:
            continue
        marker = _marker_regex(expected)
        if any(marker.search(line) for line in page[:index]):
            start = index
            break
    if start is None:
        return page, {}
    notes: dict[int, list[str]] = {}
    current = None
    for line in page[start:]:
        match = _FOOTNOTE_LINE.match(line)
        if match and (current is None or int(match.group(1)) == current + 1):
            current = int(match.group(1))
            notes[current] = [match.group(2).strip()]
        elif current is not None:
            notes[current].append(line.strip())
    body = page[:start]
    for number in notes:
        marker = _marker_regex(number)
        for index, line in enumerate(body):
            replaced, count = marker.subn(mark(number), line, count=1)
            if count:
                body[index] = replaced
                break
    return body, {n: _join_words(parts) for n, parts in notes.items()}


def _join_words(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text.endswith("-") and part[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


_HYPHENATED = re.compile(r"([^\W\d_]+)-$")


def _dehyphenate(lines: list[str], keep: set[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out:
            match = _HYPHENATED.search(out[-1])
            if match and line[:1].islower() and not out[-1].endswith((" -", "\u2013")):
                prefix = match.group(1)
                out[-1] = out[-1] if prefix.casefold() in keep else out[-1][:-1]
                out[-1] += line.lstrip()
                continue
        out.append(line)
    return out


def strip_marks(text: str) -> tuple[str, list[int]]:
    """Text without footnote markers, and the footnote numbers it cited, in order."""
    numbers = [int(n) for n in MARK_RE.findall(text)]
    text = MARK_RE.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text), numbers
