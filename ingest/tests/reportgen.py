"""Synthetic reports in the UN format, for tests and the bench: PDF, DOCX, HTML and plain text.

The gold reports in ingest/tests/fixtures/gold/*.un are written in a small markup (below); this
module lays them out the way the UN's Official Document System does — cover with the symbol,
distribution date, session and agenda; contents page; numbered paragraphs with hanging numbers;
chapter, section and country headings; annexes starting on a new page; footnotes at the foot of
each page with superscript markers; the symbol repeated at the head of every page; the page number
and the "GE.xx-xxxxx" job number at the foot; non-breaking spaces and en dashes; paragraphs that
run over page breaks; optional end-of-line hyphenation and two-column tables.

Markup (one block per line; blank lines and lines starting with "%" are ignored):
    key: value            header lines first (symbol, distributed, session, session_dates, agenda,
                          agenda_titles, job, layout, hyphenate, summary, title_note, period
                          as start/end ISO dates, previous: the previous report's symbol)
    = I. Introduction     chapter heading       == A. Section     section heading
    === Bahrain           country or minor heading
    @annex I | Title      an annex (new page); the title is optional
    p: text               a numbered paragraph; p[CASE-ID]: tags it as (part of) a gold case
      (a) text            an item, continuing the paragraph above (two leading spaces)
    table: a | b          a row of a two-column table
Inline: {fn:text} a footnote; {ref:CASE-ID} the citation of a gold case's first mention
("A/HRC/39/94, annex I, paras. 12–14"); {ref:CASE-ID@SYMBOL} its mention in that report;
flags after "|": p (first paragraph only), s (symbol only), b ("A/HRC/… (annex I, para. 12)").
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

NBSP = "\u00a0"
EN_DASH = "\u2013"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/liberation"),
    Path("/usr/share/fonts/dejavu"),
)
FONT_FILES = {
    "LiberationSerif": (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
    ),
    "DejaVuSerif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
}
SECTION_NAMES = {"body": "", "annex_1": "annex I", "annex_2": "annex II"}
ROMAN = {"I": "annex_1", "II": "annex_2"}


@dataclass
class Block:
    kind: str  # chapter, section, minor, para, item, annex, table
    text: str = ""
    number: int | None = None
    section: str = "body"
    case: str | None = None
    annex: str = ""
    cells: tuple = ()


@dataclass
class SourceReport:
    name: str
    meta: dict
    blocks: list[Block]
    footnotes: dict[int, str] = field(default_factory=dict)

    @property
    def symbol(self) -> str:
        return self.meta["symbol"]

    def case_paragraphs(self) -> dict[str, list[tuple[str, int]]]:
        cases: dict[str, list[tuple[str, int]]] = {}
        for block in self.blocks:
            if block.kind == "para" and block.case:
                cases.setdefault(block.case, []).append((block.section, block.number))
        return cases

    def paragraph_count(self) -> int:
        return sum(1 for b in self.blocks if b.kind == "para")


# -- Markup ------------------------------------------------------------------------------------


def parse_markup(text: str, name: str = "report") -> tuple[dict, list[Block]]:
    meta, blocks = {}, []
    lines = text.splitlines()
    index = 0
    while index < len(lines) and lines[index].strip():
        key, _, value = lines[index].partition(":")
        meta[key.strip()] = value.strip()
        index += 1
    section = "body"
    for raw in lines[index:]:
        if not raw.strip() or raw.startswith("%"):
            continue
        if raw.startswith("  ") and blocks and blocks[-1].kind in {"para", "item"}:
            blocks.append(Block("item", raw.strip(), section=section, case=blocks[-1].case))
        elif raw.startswith("==="):
            blocks.append(Block("minor", raw[3:].strip(), section=section))
        elif raw.startswith("=="):
            blocks.append(Block("section", raw[2:].strip(), section=section))
        elif raw.startswith("="):
            blocks.append(Block("chapter", raw[1:].strip(), section=section))
        elif raw.startswith("@annex"):
            numeral, _, title = raw[len("@annex") :].partition("|")
            numeral = numeral.strip()
            section = ROMAN.get(numeral, "annex_x")
            blocks.append(Block("annex", title.strip(), section=section, annex=numeral))
        elif raw.startswith("table:"):
            cells = tuple(c.strip() for c in raw[len("table:") :].split("|"))
            blocks.append(Block("table", section=section, cells=cells))
        else:
            match = re.match(r"^p(?:\[([^\]]+)\])?:\s*(.*)$", raw)
            if not match:
                raise ValueError(f"{name}: cannot read line {raw[:60]!r}")
            blocks.append(Block("para", match.group(2).strip(), section=section, case=match.group(1)))
    counters: dict[str, int] = {}
    for block in blocks:
        if block.kind == "para":
            counters[block.section] = counters.get(block.section, 0) + 1
            block.number = counters[block.section]
    return meta, blocks


def _numbers(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"para.{NBSP}{numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        if len(numbers) == 2:
            return f"paras.{NBSP}{numbers[0]} and {numbers[1]}"
        return f"paras.{NBSP}{numbers[0]}{EN_DASH}{numbers[-1]}"
    return f"paras.{NBSP}" + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


class Registry:
    """Where each gold case appears: case id -> [(symbol, section, [numbers])], in report order."""

    def __init__(self):
        self.mentions: dict[str, list[tuple[str, str, list[int]]]] = {}

    def add(self, symbol: str, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind != "para" or not block.case:
                continue
            places = self.mentions.setdefault(block.case, [])
            for place in places:
                if place[0] == symbol and place[1] == block.section:
                    place[2].append(block.number)
                    break
            else:
                places.append((symbol, block.section, [block.number]))

    def cite(self, spec: str) -> str:
        spec, _, flags = spec.partition("|")
        case, _, symbol = spec.partition("@")
        places = self.mentions.get(case.strip())
        if not places:
            raise KeyError(f"unknown case in a reference: {case!r}")
        place = next((p for p in places if p[0] == symbol.strip()), None) if symbol else places[0]
        if place is None:
            raise KeyError(f"case {case!r} is not in {symbol!r}")
        sym, section, numbers = place
        if "s" in flags:
            return sym
        numbers = numbers[:1] if "p" in flags else numbers
        where = ", ".join(x for x in (SECTION_NAMES[section], _numbers(numbers)) if x)
        if "b" in flags:
            return f"{sym} ({where})"
        return f"{sym}, {where}"


def build(text: str, registry: Registry, name: str = "report", previous: str = "") -> SourceReport:
    """Read one report's markup, resolve its references, number its footnotes. Like every real
    summary, the summary cites the previous report by its symbol (`previous:` in the header, or
    the gold report before it), which the cover parser must not take for the report's own."""
    meta, blocks = parse_markup(text, name)
    previous = meta.get("previous", previous)
    if previous and previous not in meta.get("summary", ""):
        meta["summary"] = (
            meta.get("summary", "") + f" It carries on from the previous report ({previous})."
        ).strip()
    registry.add(meta["symbol"], blocks)
    footnotes: dict[int, str] = {}

    def resolve(value: str) -> str:
        return re.sub(r"\{ref:([^{}]+)\}", lambda m: registry.cite(m.group(1)), value)

    def number_notes(value: str) -> str:
        def note(match):
            footnotes[len(footnotes) + 1] = match.group(1).strip()
            return f"\x00{len(footnotes)}\x00"

        return re.sub(r"\{fn:([^{}]+)\}", note, value)

    for block in blocks:
        block.text = number_notes(resolve(block.text))
        block.cells = tuple(resolve(c) for c in block.cells)
    meta["summary"] = resolve(meta.get("summary", ""))
    return SourceReport(name=name, meta=meta, blocks=blocks, footnotes=footnotes)


def build_set(paths: list[Path]) -> list[SourceReport]:
    """Every report of a gold set, oldest first, references resolved across reports."""
    texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
    texts.sort(key=lambda item: _year(item[1]))
    registry = Registry()
    out: list[SourceReport] = []
    for path, text in texts:
        out.append(build(text, registry, path.stem, previous=out[-1].symbol if out else ""))
    return out


def _year(text: str) -> int:
    match = re.search(r"^distributed:.*?(\d{4})\s*$", text, re.M)
    return int(match.group(1)) if match else 0


def _runs(text: str):
    """Text split into (string, footnote number or None) runs."""
    parts = re.split(r"\x00(\d+)\x00", text)
    for index, part in enumerate(parts):
        if index % 2:
            yield "", int(part)
        elif part:
            yield part, None


def plain(text: str) -> str:
    return re.sub(r"\x00\d+\x00", "", text)


# -- Layout ------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.28, 841.89


@dataclass
class Op:
    x: float
    y: float
    text: str
    size: float = 10
    style: str = ""


@dataclass
class Page:
    ops: list[Op] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # what pdftotext would print
    notes: list[str] = field(default_factory=list)
    rule_y: float | None = None
    footer: list[str] = field(default_factory=list)


class Layout:
    LEFT, RIGHT, TOP, BOTTOM = 70.0, 70.0, 78.0, 760.0
    LEADING = 12.0
    NOTE_LEADING = 9.6
    INDENT = 30.0

    def __init__(self, report: SourceReport, measure):
        self.report = report
        self.measure = measure  # (text, size, style) -> width
        self.meta = report.meta
        self.layout = self.meta.get("layout", "modern")
        self.hyphenate = self.meta.get("hyphenate", "no") == "yes"
        self.pages: list[Page] = []
        self.page: Page | None = None
        self.y = 0.0
        self.page_notes: list[int] = []
        self.toc: list[tuple[str, int]] = []

    # pages
    def new_page(self):
        self.page = Page()
        self.pages.append(self.page)
        self.y = self.TOP
        self.page_notes = []

    def notes_height(self, numbers) -> float:
        height = 0.0
        for number in numbers:
            height += self.NOTE_LEADING * len(self.wrap(self.report.footnotes[number], 8, self.width - 14))
        return height + (14 if numbers else 0)

    @property
    def width(self) -> float:
        return PAGE_W - self.LEFT - self.RIGHT

    def fits(self, height: float, new_notes=()) -> bool:
        notes = self.notes_height([*self.page_notes, *new_notes])
        return self.y + height <= self.BOTTOM - notes

    # text
    def wrap(self, text: str, size: float, width: float, style: str = "") -> list[str]:
        words = text.replace("\n", " ").split(" ")
        lines, line = [], ""
        for word in words:
            if not word:
                continue
            candidate = f"{line} {word}" if line else word
            if self.measure(plain(candidate), size, style) <= width:
                line = candidate
                continue
            if self.hyphenate and line and len(plain(word)) >= 10 and word.isalpha():
                for cut in range(len(word) - 4, 3, -1):
                    head = f"{line} {word[:cut]}-"
                    if self.measure(plain(head), size, style) <= width:
                        lines.append(head)
                        line = word[cut:]
                        break
                else:
                    lines.append(line)
                    line = word
                continue
            if line:
                lines.append(line)
            line = word
        if line:
            lines.append(line)
        return lines or [""]

    def place_line(self, x: float, text: str, size: float = 10, style: str = ""):
        cursor = x
        out = []
        for chunk, note in _runs(text):
            if note is not None:
                self.page.ops.append(Op(cursor, self.y - 3.6, str(note), 6, ""))
                cursor += self.measure(str(note), 6, "")
                out.append(str(note))
            else:
                self.page.ops.append(Op(cursor, self.y, chunk, size, style))
                cursor += self.measure(chunk, size, style)
                out.append(chunk)
        return "".join(out)

    def block_lines(self, text: str, size: float, width: float, style: str = ""):
        return self.wrap(text, size, width, style)

    def add_text(
        self, text, *, x, width, size=10, style="", prefix="", prefix_x=None, space_after=6.0, keep=1
    ):
        lines = self.block_lines(text, size, width, style)
        if not self.fits(self.LEADING * min(keep, len(lines))):
            self.new_body_page()
        for index, line in enumerate(lines):
            notes = [int(n) for n in re.findall(r"\x00(\d+)\x00", line)]
            if not self.fits(self.LEADING, notes):
                self.new_body_page()
            self.page_notes.extend(notes)
            self.y += self.LEADING
            if index == 0 and prefix:
                self.page.ops.append(
                    Op(self.LEFT if prefix_x is None else prefix_x, self.y, prefix, size, style)
                )
            printed = self.place_line(x, line, size, style)
            self.page.lines.append(f"{prefix}\t{printed}" if index == 0 and prefix else printed)
        self.y += space_after

    def new_body_page(self):
        if self.page is not None:
            self.finish_page()
        self.new_page()

    def finish_page(self):
        page = self.page
        if self.page_notes:
            y = self.BOTTOM - self.notes_height(self.page_notes) + 10
            page.rule_y = y - 6
            for number in self.page_notes:
                for index, line in enumerate(self.wrap(self.report.footnotes[number], 8, self.width - 14)):
                    y += self.NOTE_LEADING
                    if index == 0:
                        page.ops.append(Op(self.LEFT, y, str(number), 8))
                    page.ops.append(Op(self.LEFT + 14, y, line, 8))
                    page.notes.append(f"{number} {line}" if index == 0 else line)

    def run(self) -> list[Page]:
        self.cover()
        self.contents_page()
        self.new_page()
        for block in self.report.blocks:
            self.add_block(block)
        self.finish_page()
        self.furniture()
        self.fill_contents()
        return self.pages

    def cover(self):
        meta = self.meta
        self.new_page()
        page = self.page
        symbol = meta["symbol"]
        page.ops += [Op(self.LEFT, 60, "United Nations", 12, "B"), Op(380, 60, symbol, 16, "B")]
        page.lines.append(f"United Nations\t{symbol}")
        right = ["Distr.: General", meta["distributed"], "Original: English"]
        if self.layout == "advance":
            right.insert(0, "Advance Edited Version")
        y = 100
        page.ops.append(Op(self.LEFT, y, "General Assembly", 14, "B"))
        page.lines.append("General Assembly")
        for text in right:
            page.ops.append(Op(380, y, text, 10))
            page.lines.append(text)
            y += 12
        y += 20
        left = ["Human Rights Council", meta["session"]]
        if meta.get("session_dates"):
            left.append(meta["session_dates"])
        left.append(meta.get("agenda", "Agenda items 2 and 5"))
        left += [t.strip() for t in meta.get("agenda_titles", "").split("|") if t.strip()]
        for text in left:
            for line in self.wrap(text, 10, 250, "B" if text == left[0] else ""):
                page.ops.append(Op(self.LEFT, y, line, 10, "B" if text == left[0] else ""))
                page.lines.append(line)
                y += 12
        y += 24
        title = meta.get(
            "title",
            "Cooperation with the United Nations, its representatives and mechanisms in the field of "
            "human rights",
        )
        for line in self.wrap(title, 15, self.width - 40, "B"):
            page.ops.append(Op(self.LEFT, y, line, 15, "B"))
            page.lines.append(line)
            y += 18
        y += 8
        author = meta.get("author", "Report of the Secretary-General")
        page.ops.append(Op(self.LEFT, y, author, 12, "B"))
        page.ops.append(Op(self.LEFT + self.measure(author, 12, "B") + 1, y - 4, "*", 7))
        page.lines.append(author + "*")
        y += 26
        page.ops.append(Op(self.LEFT + 40, y, "Summary", 12, "B"))
        page.lines.append("Summary")
        for paragraph in meta.get("summary", "").split(" || "):
            y += 4
            for line in self.wrap(paragraph, 10, self.width - 80):
                y += self.LEADING
                page.ops.append(Op(self.LEFT + 40, y, line, 10))
                page.lines.append(line)
        note = meta.get(
            "title_note",
            "Synthetic document written for the EndReprisals test suite: the people, organizations and events "
            "in it are invented, and it is not a United Nations document.",
        )
        y = 700
        page.rule_y = y - 10
        for index, line in enumerate(self.wrap(note, 8, self.width - 14)):
            page.ops.append(
                Op(self.LEFT + (0 if index == 0 else 14), y, ("*  " if index == 0 else "") + line, 8)
            )
            page.notes.append(("* " if index == 0 else "") + line)
            y += self.NOTE_LEADING

    def contents_page(self):
        self.new_page()
        self.page.ops.append(Op(self.LEFT, self.TOP, "Contents", 12, "B"))
        self.page.lines.append("Contents")
        self.page.ops.append(Op(PAGE_W - self.RIGHT - 22, self.TOP + 14, "Page", 8, ""))
        self.page.lines.append("Page")
        self.contents = self.page

    def fill_contents(self):
        y = self.TOP + 28
        for title, number in self.toc:
            text = f"{title} "
            dots = "." * max(
                3, int((self.width - 40 - self.measure(text, 10, "")) / self.measure(".", 10, ""))
            )
            line = f"{text}{dots} {number}"
            self.contents.ops.append(Op(self.LEFT, y, line, 10))
            self.contents.lines.append(line)
            y += 14

    def add_block(self, block: Block):
        layout = self.layout
        if block.kind == "chapter":
            numeral, _, title = block.text.partition(" ")
            if not self.fits(self.LEADING * 4):
                self.new_body_page()
            self.y += 8
            self.toc.append((block.text, len(self.pages)))
            self.add_text(title, x=self.LEFT + self.INDENT, width=self.width - self.INDENT, size=12,
                          style="B", prefix=numeral, space_after=6, keep=2)  # fmt: skip
        elif block.kind == "section":
            letter, _, title = block.text.partition(" ")
            if not self.fits(self.LEADING * 4):
                self.new_body_page()
            self.y += 4
            self.add_text(title, x=self.LEFT + self.INDENT, width=self.width - self.INDENT, size=10,
                          style="B", prefix=letter, space_after=4)  # fmt: skip
        elif block.kind == "minor":
            if not self.fits(self.LEADING * 4):
                self.new_body_page()
            self.y += 2
            style = "I" if layout == "classic" else "B"
            self.add_text(
                block.text,
                x=self.LEFT + self.INDENT,
                width=self.width - self.INDENT,
                style=style,
                space_after=4,
            )
        elif block.kind == "annex":
            self.new_body_page()
            heading = f"Annex {block.annex}" if block.annex else "Annex"
            if layout == "compact" and block.text:
                self.add_text(
                    f"{heading}: {block.text}",
                    x=self.LEFT,
                    width=self.width,
                    size=12,
                    style="B",
                    space_after=10,
                )
            else:
                self.add_text(heading, x=self.LEFT, width=self.width, size=12, style="B", space_after=6)
                if block.text:
                    self.add_text(block.text, x=self.LEFT + self.INDENT, width=self.width - self.INDENT,
                                  size=12, style="B", space_after=10)  # fmt: skip
            self.toc.append((heading, len(self.pages)))
        elif block.kind == "para":
            self.add_text(block.text, x=self.LEFT + self.INDENT, width=self.width - self.INDENT,
                          prefix=f"{block.number}.", space_after=6)  # fmt: skip
        elif block.kind == "item":
            self.y -= 4
            marker, _, rest = block.text.partition(" ")
            self.add_text(rest, x=self.LEFT + self.INDENT + 24, width=self.width - self.INDENT - 24,
                          prefix=marker, prefix_x=self.LEFT + self.INDENT, space_after=6)  # fmt: skip
        elif block.kind == "table":
            left, right = (block.cells + ("", ""))[:2]
            if not self.fits(self.LEADING):
                self.new_body_page()
            self.y += self.LEADING
            self.page.ops.append(Op(self.LEFT + self.INDENT, self.y, left, 9))
            self.page.ops.append(Op(self.LEFT + self.INDENT + 220, self.y, right, 9))
            self.page.lines.append(f"{left}\t{right}")

    def furniture(self):
        meta = self.meta
        total = len(self.pages)
        job = meta.get("job", "GE.00-00000(E)")
        barcode = "*" + re.sub(r"\D", "", job) + "*"
        for number, page in enumerate(self.pages, start=1):
            if number > 1:
                if self.layout == "classic" or number % 2:
                    page.ops.append(
                        Op(
                            PAGE_W - self.RIGHT - self.measure(meta["symbol"], 9, "B"),
                            44,
                            meta["symbol"],
                            9,
                            "B",
                        )
                    )
                else:
                    page.ops.append(Op(self.LEFT, 44, meta["symbol"], 9, "B"))
                page.lines.insert(0, meta["symbol"])
                if self.layout == "advance":
                    page.ops.append(Op(self.LEFT, 32, "Advance edited version", 8, "I"))
                    page.lines.insert(0, "Advance edited version")
            footer = []
            if number == 1:
                page.ops.append(Op(self.LEFT, 800, job, 8))
                page.ops.append(Op(PAGE_W - self.RIGHT - 80, 800, barcode, 8))
                page.ops.append(Op(PAGE_W - self.RIGHT - 80, 812, "Please recycle", 7))
                footer += [job, barcode, "Please recycle"]
            else:
                label = str(number)
                x = (
                    (PAGE_W - self.measure(label, 9, "")) / 2
                    if self.layout == "classic"
                    else (PAGE_W - self.RIGHT - 10 if number % 2 else self.LEFT)
                )
                page.ops.append(Op(x, 800, label, 9))
                footer.append(label)
                if self.layout == "advance" and number == total:
                    page.ops.append(Op(self.LEFT, 812, job, 7))
                    footer.append(job)
            page.footer = footer


# -- Output ------------------------------------------------------------------------------------


def _font_dir() -> tuple[str, Path] | None:
    for family, files in FONT_FILES.items():
        for directory in FONT_DIRS:
            if all((directory / f).exists() for f in files):
                return family, directory
    return None


class _Renderer:
    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        found = _font_dir()
        self.unicode = found is not None
        if found:
            family, directory = found
            regular, bold, italic = FONT_FILES[family]
            self.pdf.add_font("Body", "", str(directory / regular))
            self.pdf.add_font("Body", "B", str(directory / bold))
            self.pdf.add_font("Body", "I", str(directory / italic))
            self.family = "Body"
        else:
            self.pdf.core_fonts_encoding = "windows-1252"
            self.family = "Times"
        self._widths: dict = {}

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        from unidecode import unidecode

        return "".join(c if _cp1252(c) else unidecode(c) for c in value)

    def measure(self, text: str, size: float, style: str) -> float:
        key = (text, size, style)
        if key not in self._widths:
            self.pdf.set_font(self.family, style, size)
            self._widths[key] = self.pdf.get_string_width(self.text(text))
        return self._widths[key]

    def render(self, pages: list[Page]) -> bytes:
        pdf = self.pdf
        for page in pages:
            pdf.add_page()
            if page.rule_y:
                pdf.set_line_width(0.5)
                pdf.line(Layout.LEFT, page.rule_y, Layout.LEFT + 140, page.rule_y)
            for op in page.ops:
                if not op.text:
                    continue
                pdf.set_font(self.family, op.style, op.size)
                pdf.text(op.x, op.y, self.text(op.text))
        return bytes(pdf.output())


def _cp1252(char: str) -> bool:
    try:
        char.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def layout(report: SourceReport) -> tuple[list[Page], _Renderer]:
    renderer = _Renderer()
    pages = Layout(report, renderer.measure).run()
    return pages, renderer


def to_pdf(report: SourceReport) -> bytes:
    pages, renderer = layout(report)
    return renderer.render(pages)


def to_txt(report: SourceReport) -> str:
    """What `pdftotext` prints: page furniture, footnotes and a form feed between pages."""
    pages, _ = layout(report)
    out = []
    for page in pages:
        lines = list(page.lines)
        lines += page.notes
        lines += page.footer
        out.append("\n".join(line.replace("\t", "    ") for line in lines))
    return "\f".join(out) + "\f"


def to_txt_numbers_alone(report: SourceReport) -> str:
    """The PDF's text as many PDF-to-text tools give it without layout: each text run on its own
    line, so a paragraph's hanging number ("1.") and a heading's numeral stand alone above their
    text, and the masthead's symbol stands alone under "United Nations"."""
    pages, _ = layout(report)
    out = []
    for page in pages:
        lines = []
        for line in page.lines + page.notes + page.footer:
            head, tab, rest = line.partition("\t")
            lines += [head, rest] if tab and len(head) <= 14 or head == "United Nations" else [line]
        out.append("\n".join(lines))
    return "\f".join(out) + "\f"


def to_txt_layout(report: SourceReport) -> str:
    """The PDF's text with its layout kept (columns, indents, right-aligned headers), as a
    PDF-to-text tool in layout mode gives it: read back from the rendered PDF by pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(to_pdf(report)))
    return "\f".join(page.extract_text(extraction_mode="layout") for page in reader.pages) + "\f"


def to_html_stripped_tight(report: SourceReport) -> str:
    """An HTML copy whose tags were stripped without spaces: elements glued to each other
    ("…reprisal.I.Introduction1.The Human Rights Council…"), footnote references glued to
    their sentence."""
    from html import unescape

    html = to_html(report, style="plain")
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'<section class="footnotes">.*?</section>', "", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", "", html.replace("\n", "")))
    return text.replace(NBSP, " ").replace("\u21a9", "") + "\n"


RENDERINGS = {
    # name: (file extension, function(report) -> bytes)
    "pdf": ("pdf", lambda r: to_pdf(r)),
    "pdf-text": ("txt", lambda r: to_txt(r).encode()),
    "pdf-text-numbers-alone": ("txt", lambda r: to_txt_numbers_alone(r).encode()),
    "pdf-text-layout": ("txt", lambda r: to_txt_layout(r).encode()),
    "docx": ("docx", lambda r: to_docx(r)),
    "html": (
        "html",
        lambda r: to_html(r, style="word" if r.meta.get("html") != "plain" else "plain").encode(),
    ),
    "html-stripped-tight": ("txt", lambda r: to_html_stripped_tight(r).encode()),
}


def render(report: SourceReport, rendering: str) -> tuple[str, bytes]:
    """(file name, bytes) of one rendering of a gold report."""
    extension, function = RENDERINGS[rendering]
    return f"{report.name}.{extension}", function(report)


def page_count(report: SourceReport) -> int:
    return len(layout(report)[0])


def to_html(report: SourceReport, style: str = "word") -> str:
    """HTML as the Official Document System or Word would save it: <sup> footnote references."""
    from html import escape

    def inline(text: str) -> str:
        out = []
        for chunk, note in _runs(text):
            if note is None:
                out.append(escape(chunk).replace(NBSP, "&nbsp;"))
            elif style == "word":
                out.append(f'<a href="#_ftn{note}" name="_ftnref{note}"><sup>[{note}]</sup></a>')
            else:
                out.append(f'<sup><a href="#fn{note}" id="fnref{note}">{note}</a></sup>')
        return "".join(out)

    meta = report.meta
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(meta['symbol'])}</title>",
        "<style>p.SingleTxtG{margin-left:2cm}</style>",
        "<script>var tracking = 1;</script></head><body>",
        f'<div class="cover"><p>United Nations</p><p class="symbol">{escape(meta["symbol"])}</p>',
        "<p>General Assembly</p>",
        f"<p>Distr.: General</p><p>{escape(meta['distributed'])}</p><p>Original: English</p>",
        f"<p>Human Rights Council</p><p>{escape(meta['session'])}</p>",
    ]
    if meta.get("session_dates"):
        parts.append(f"<p>{escape(meta['session_dates'])}</p>")
    parts.append(f"<p>{escape(meta.get('agenda', 'Agenda items 2 and 5'))}</p></div>")
    parts.append(
        "<h1>Cooperation with the United Nations, its representatives and mechanisms in the field of "
        "human rights</h1><p><b>Report of the Secretary-General</b></p>"
    )
    parts.append("<h2>Summary</h2>")
    for paragraph in meta.get("summary", "").split(" || "):
        parts.append(f"<p>{inline(paragraph)}</p>")
    in_list = False
    for block in report.blocks:
        if block.kind != "item" and in_list:
            parts.append("</ol>")
            in_list = False
        if block.kind == "chapter":
            parts.append(f"<h2>{inline(block.text)}</h2>")
        elif block.kind == "section":
            parts.append(f"<h3>{inline(block.text)}</h3>")
        elif block.kind == "minor":
            parts.append(f'<p class="H23G"><b>{inline(block.text)}</b></p>')
        elif block.kind == "annex":
            parts.append(f"<h2>Annex {escape(block.annex)}</h2>")
            if block.text:
                parts.append(f"<h3>{inline(block.text)}</h3>")
        elif block.kind == "para":
            parts.append(f'<p class="SingleTxtG">{block.number}.&nbsp;&nbsp;{inline(block.text)}</p>')
        elif block.kind == "item":
            if not in_list:
                parts.append('<ol class="items">')
                in_list = True
            parts.append(f"<li>{inline(block.text)}</li>")
        elif block.kind == "table":
            parts.append(
                "<table><tr>" + "".join(f"<td>{inline(c)}</td>" for c in block.cells) + "</tr></table>"
            )
    if in_list:
        parts.append("</ol>")
    if style == "word":
        parts.append('<div><br clear=all><hr align=left size=1 width="33%">')
        for number, text in report.footnotes.items():
            parts.append(
                f'<div id="ftn{number}"><p class="MsoFootnoteText"><a href="#_ftnref{number}" '
                f'name="_ftn{number}">[{number}]</a> {inline(text)}</p></div>'
            )
        parts.append("</div>")
    else:
        parts.append('<section class="footnotes"><ol>')
        for number, text in report.footnotes.items():
            parts.append(f'<li id="fn{number}">{inline(text)} <a href="#fnref{number}">↩</a></li>')
        parts.append("</ol></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_docx(report: SourceReport) -> bytes:
    """A Word document with real footnotes (footnotes.xml) and the symbol in the page header."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    from docx.shared import Pt

    document = docx.Document()
    meta = report.meta
    section = document.sections[0]
    section.header.paragraphs[0].text = meta["symbol"]
    section.footer.paragraphs[0].text = meta.get("job", "")

    def add(text: str, bold=False, italic=False, size=None):
        paragraph = document.add_paragraph()
        for chunk, note in _runs(text):
            if note is None:
                run = paragraph.add_run(chunk)
                run.bold, run.italic = bold, italic
                if size:
                    run.font.size = Pt(size)
            else:
                run = paragraph.add_run()
                rpr = run._r.get_or_add_rPr()
                align = OxmlElement("w:vertAlign")
                align.set(qn("w:val"), "superscript")
                rpr.append(align)
                reference = OxmlElement("w:footnoteReference")
                reference.set(qn("w:id"), str(note + 1))
                run._r.append(reference)
        return paragraph

    add("United Nations", bold=True)
    add(meta["symbol"], bold=True, size=16)
    add("General Assembly", bold=True)
    add("Distr.: General")
    add(meta["distributed"])
    add("Original: English")
    add("Human Rights Council", bold=True)
    add(meta["session"])
    if meta.get("session_dates"):
        add(meta["session_dates"])
    add(meta.get("agenda", "Agenda items 2 and 5"))
    add(
        "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights",
        bold=True,
        size=15,
    )
    add("Report of the Secretary-General", bold=True)
    add("Summary", bold=True)
    for paragraph in meta.get("summary", "").split(" || "):
        add(paragraph)
    for block in report.blocks:
        if block.kind == "chapter":
            numeral, _, title = block.text.partition(" ")
            add(f"{numeral}\t{title}", bold=True, size=12)
        elif block.kind == "section":
            letter, _, title = block.text.partition(" ")
            add(f"{letter}\t{title}", bold=True)
        elif block.kind == "minor":
            add(block.text, bold=True)
        elif block.kind == "annex":
            document.add_page_break()
            add(f"Annex {block.annex}", bold=True, size=12)
            if block.text:
                add(block.text, bold=True, size=12)
        elif block.kind == "para":
            add(f"{block.number}.\t{block.text}")
        elif block.kind == "item":
            add(f"\t{block.text}")
        elif block.kind == "table":
            table = document.add_table(rows=1, cols=max(2, len(block.cells)))
            for cell, value in zip(table.rows[0].cells, block.cells, strict=False):
                cell.text = plain(value)

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = [
        f"<w:footnotes {ns}>",
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    from xml.sax.saxutils import escape as xml_escape

    for number, text in report.footnotes.items():
        notes.append(
            f'<w:footnote w:id="{number + 1}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {xml_escape(plain(text))}</w:t></w:r></w:p></w:footnote>'
        )
    notes.append("</w:footnotes>")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "".join(notes).encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
