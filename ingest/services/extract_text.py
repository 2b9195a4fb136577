"""Text out of a PDF, DOCX, HTML or plain-text file, page by page where the format has pages.

Footnote references that the format marks as such (DOCX footnote references, HTML <sup> and
footnote links) become FOOTNOTE_MARK markers in the text, and the footnotes themselves are
returned apart; for PDF and plain text, cleaning finds them on each page (clean.py).
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .errors import EncryptedPDF, FileTooLarge, NoTextLayer, TooLong, UnreadableFile, UnsupportedType

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK_RE = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")

FORMATS = {"pdf", "docx", "html", "txt"}
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
}


def mark(number: int) -> str:
    return f"{MARK_OPEN}{number}{MARK_CLOSE}"


@dataclass
class TextDocument:
    format: str
    pages: list[str]
    paginated: bool
    footnotes: dict[int, str] | None = None
    meta: dict = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.paginated else 0


def detect_format(data: bytes, filename: str = "") -> str:
    """The format by content, the name's extension deciding only between text formats."""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise UnsupportedType(
            "This archive is not a Word document (.docx). Upload the report as PDF, DOCX, HTML or plain text."
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"\xd0\xcf\x11\xe0")):
        raise UnsupportedType(
            "This is an image or an old Office file, not a supported format. Upload the report as PDF, "
            "DOCX, HTML or plain text (an old .doc file can be saved as .docx)."
        )
    try:
        text = _decode(head)
    except UnicodeDecodeError as exc:
        raise UnsupportedType(
            "The file is neither PDF, DOCX, HTML nor text. Upload the report in one of those formats."
        ) from exc
    if "\x00" in text:
        raise UnsupportedType("The file is binary data of an unsupported type.")
    extension = _extension(filename)
    stripped = text.lstrip("\ufeff \t\r\n").lower()
    if (
        extension == "html"
        or stripped.startswith(("<!doctype html", "<html", "<?xml"))
        or "<body" in stripped
    ):
        return "html"
    return "txt"


def _extension(filename: str) -> str | None:
    name = filename.lower()
    for extension, fmt in EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    return None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A cut in the middle of a multi-byte character at the end of a sample is not an error.
        try:
            return data[:-3].decode("utf-8-sig") if len(data) == 2048 else data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
            if sum(c.isprintable() or c in "\r\n\t\f" for c in text) < 0.95 * len(text):
                raise
            return text


@dataclass
class Limits:
    """What one file may cost: the uncompressed size of each part of a Word file (a 1 MB DOCX can
    hold a 1 GiB image), the pages of a PDF, and the time spent reading."""

    part_bytes: int = 64 * 1024 * 1024
    pages: int = 1000
    seconds: float = 300.0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        return cls(
            part_bytes=int(getattr(settings, "INGEST_MAX_PART_BYTES", cls.part_bytes)),
            pages=int(getattr(settings, "INGEST_MAX_PAGES", cls.pages)),
            seconds=float(getattr(settings, "INGEST_MAX_SECONDS", cls.seconds)),
        )

    def check_time(self) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed > self.seconds:
            raise TooLong(
                f"Reading this file took more than {self.seconds:.0f} seconds (setting INGEST_MAX_SECONDS) "
                "and was stopped. A report of the Secretary-General is read in a few seconds: is this "
                "the right file?"
            )


def extract(data: bytes, filename: str = "", limits: Limits | None = None) -> TextDocument:
    limits = limits or Limits.from_settings()
    fmt = detect_format(data, filename)
    if fmt == "pdf":
        return extract_pdf(data, limits)
    if fmt == "docx":
        check_archive(data, limits)
        return extract_docx(data)
    return {"html": extract_html, "txt": extract_txt}[fmt](data)


def check_archive(data: bytes, limits: Limits) -> None:
    """Every part of a Word file within the limit, from the sizes its archive declares and then
    by reading each part in chunks (a declared size can lie), before python-docx opens it."""
    limit = limits.part_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.file_size > limit:
                    raise FileTooLarge(_part_message(info.filename, info.file_size, limit))
                read = 0
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        read += len(chunk)
                        if read > limit:
                            raise FileTooLarge(_part_message(info.filename, read, limit))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, EOFError) as exc:
        raise UnreadableFile(f"The Word document could not be read ({exc}).") from exc


def _part_message(name: str, size: int, limit: int) -> str:
    return (
        f"The Word document holds a part ({name}) of more than {size / 1048576:.0f} MB once "
        f"uncompressed; the limit is {limit / 1048576:.0f} MB (setting INGEST_MAX_PART_BYTES). "
        "Save the report again without embedded media, or upload its PDF."
    )


# -- PDF ---------------------------------------------------------------------------------------


def extract_pdf(data: bytes, limits: Limits | None = None) -> TextDocument:
    limits = limits or Limits()
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile(f"The PDF could not be read ({exc}). Is the file complete?") from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, NotImplementedError) as exc:
            raise EncryptedPDF(
                "The PDF is encrypted with a method this server cannot open. Save an unencrypted copy "
                "(print to PDF) and upload that."
            ) from exc
        if not opened:
            raise EncryptedPDF(
                "The PDF is protected by a password. Remove the password (or save an unprotected copy) "
                "and upload it again."
            )
    pages = []
    try:
        count = len(reader.pages)
        if count > limits.pages:
            raise TooLong(
                f"The PDF has {count} pages; the limit is {limits.pages} (setting INGEST_MAX_PAGES). "
                "A report of the Secretary-General has fewer than 100."
            )
        for page in reader.pages:
            limits.check_time()
            pages.append(page.extract_text() or "")
    except FileNotDecryptedError as exc:
        raise EncryptedPDF("The PDF is protected by a password.") from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(f"The PDF is damaged and its text could not be read ({exc}).") from exc
    if not pages:
        raise NoTextLayer("The PDF has no pages.")
    with_text = [p for p in pages if len(p.strip()) >= 40]
    if len(with_text) < max(1, len(pages) // 2):
        raise NoTextLayer(
            f"The PDF has no text layer on {len(pages) - len(with_text)} of its {len(pages)} pages: it "
            "looks scanned. Run it through OCR (or upload the Word or HTML version from the UN "
            "Official Document System) and try again."
        )
    return TextDocument(format="pdf", pages=[_normalise(p) for p in pages], paginated=True)


# -- DOCX --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(data: bytes) -> TextDocument:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
        raise UnreadableFile(f"The Word document could not be read ({exc}).") from exc
    footnote_xml = numbering_xml = None
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.FOOTNOTES:
            footnote_xml = rel.target_part.blob
        elif rel.reltype == RT.NUMBERING:
            numbering_xml = rel.target_part.blob
    numbering = _DocxNumbering(numbering_xml, document.styles.element)
    ids: dict[str, int] = {}
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.removeprefix(_W)
        if tag == "p":
            text = _docx_paragraph(block, ids)
            prefix = numbering.prefix(block)
            lines.append(prefix + text if prefix and text.strip() else text)
        elif tag == "tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [
                    " ".join(_docx_paragraph(p, ids) for p in cell.iter(f"{_W}p")).strip()
                    for cell in row.iter(f"{_W}tc")
                ]
                lines.append("\t".join(cells))
    footnotes = {}
    if footnote_xml:
        from lxml import etree

        root = etree.fromstring(footnote_xml)  # noqa: S320 - a part of the uploaded document, no DTD
        for note in root.iter(f"{_W}footnote"):
            note_id = note.get(f"{_W}id")
            if note.get(f"{_W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            if note_id in ids:
                text = " ".join(_docx_paragraph(p, {}) for p in note.iter(f"{_W}p"))
                footnotes[ids[note_id]] = _normalise(text).strip()
    text = _normalise("\n".join(lines))
    if len(text.strip()) < 40:
        raise NoTextLayer("The Word document has no text.")
    # The page header holds the report's own symbol (cover.own_symbol reads it).
    headers = [
        paragraph.text
        for section in document.sections
        for part in (section.first_page_header, section.header, section.even_page_header)
        if not part.is_linked_to_previous or section is document.sections[0]
        for paragraph in part.paragraphs
        if paragraph.text.strip()
    ]
    return TextDocument(
        format="docx", pages=[text], paginated=False, footnotes=footnotes, meta={"headers": headers}
    )


def _docx_paragraph(p, ids: dict[str, int]) -> str:
    parts = []
    for node in p.iter():
        tag = node.tag.removeprefix(_W) if isinstance(node.tag, str) else ""
        if tag == "t" and node.text:
            parts.append(node.text)
        elif tag == "tab":
            parts.append("\t")
        elif tag in {"br", "cr"}:
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "footnoteReference":
            note_id = node.get(f"{_W}id")
            number = ids.setdefault(note_id, len(ids) + 1)
            parts.append(mark(number))
    return "".join(parts)


class _DocxNumbering:
    """Automatic paragraph numbers ("1.", "2." …) that Word draws but does not store as text."""

    def __init__(self, xml: bytes | None, styles=None):
        self.formats: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        self.style_numbering: dict[str, tuple[str, str]] = {}
        if not xml:
            return
        if styles is not None:
            self._read_styles(styles)
        from lxml import etree

        root = etree.fromstring(xml)  # noqa: S320 - a part of the uploaded document, no DTD
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in node.iter(f"{_W}lvl"):
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                start = level.find(f"{_W}start")
                levels[level.get(f"{_W}ilvl")] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else "", {}))
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                ilvl = override.get(f"{_W}ilvl")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(f"{_W}val")))
            for ilvl, spec in levels.items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def _read_styles(self, styles) -> None:
        """Paragraph styles that number their paragraphs ("List Number"), following basedOn."""
        own, based_on = {}, {}
        for style in styles.iter(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{_W}numId")
                ilvl = num_pr.find(f"{_W}ilvl")
                own[style_id] = (
                    num_id.get(f"{_W}val") if num_id is not None else "",
                    ilvl.get(f"{_W}val") if ilvl is not None else "0",
                )
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(f"{_W}val")
        for style_id in set(own) | set(based_on):
            current, seen = style_id, set()
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own:
                self.style_numbering[style_id] = own[current]

    def prefix(self, p) -> str:
        if not self.formats:
            return ""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{_W}numId")
            ilvl = num_pr.find(f"{_W}ilvl")
            key = (
                num_id.get(f"{_W}val") if num_id is not None else "",
                ilvl.get(f"{_W}val") if ilvl is not None else "0",
            )
        else:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            key = self.style_numbering.get(style.get(f"{_W}val")) if style is not None else None
            if key is None:
                return ""
        spec = self.formats.get(key)
        if spec is None:
            return ""
        fmt, text, start = spec
        count = self.counters.get(key, start - 1) + 1
        self.counters[key] = count
        if fmt == "decimal":
            return text.replace("%1", str(count)).replace(f"%{int(key[1]) + 1}", str(count)) + "\t"
        if fmt in {"lowerLetter", "upperLetter"}:
            letter = chr(ord("a") + (count - 1) % 26)
            return text.replace("%1", letter.upper() if fmt == "upperLetter" else letter) + "\t"
        return ""


# -- HTML --------------------------------------------------------------------------------------

_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "table", "section", "article",
    "blockquote", "pre", "dt", "dd", "caption", "ul", "ol", "hr", "header", "footer", "main", "aside",
    "figure", "figcaption", "address",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "nav", "button", "select"}
_NOTE_ID = re.compile(r"^_?(?:ftn|fn|footnote|note)[-_]?(\d+)$", re.I)
_NOTE_REF = re.compile(r"#_?(?:ftn|fn|footnote|note)[-_]?(\d+)$", re.I)
_BACK_REF = re.compile(r"#_?(?:ftn|fn|footnote|note)[-_]?ref[-_]?\d+$", re.I)


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skip = 0
        self.sup = 0
        self.sup_text: list[str] = []
        self.note_link: int | None = None
        self.note_stack: list[tuple[str, int | None]] = []  # (tag, footnote number) of open elements
        self.footnotes: dict[int, list[str]] = {}
        self.in_note: int | None = None
        self.note_container = 0
        self.skip_link = False

    # Footnote bodies: elements whose id is like "ftn12" (or inside a "footnotes" container).
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        element_id = attrs.get("id") or ""
        classes = (attrs.get("class") or "").lower()
        number = None
        id_match = _NOTE_ID.match(element_id)
        if id_match and tag != "a" and "ref" not in element_id.lower():
            number = int(id_match.group(1))
        elif tag != "a" and re.search(r"\bfootnotes?\b", classes) and not self.note_container:
            self.note_container += 1
            self.note_stack.append((tag, -1))
            return
        if number is not None:
            self._flush()
            self.in_note = number
            self.footnotes.setdefault(number, [])
            self.note_stack.append((tag, number))
            return
        if self.note_container and tag in {"p", "li", "div"} and self.in_note is None:
            self._flush()
            self.note_stack.append((tag, 0))
            self.in_note = 0
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "sup":
            self.sup += 1
            self.sup_text = []
        if tag == "a" and self.in_note is not None and _BACK_REF.search(attrs.get("href") or ""):
            self.skip_link = True  # the note's own number or back-link ("↩")
            return
        if tag == "a":
            ref = _NOTE_REF.search(attrs.get("href") or "")
            self.note_link = int(ref.group(1)) if ref and self.in_note is None else None
            if self.note_link is not None:
                self.sup_text = []

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.note_stack and self.note_stack[-1][0] == tag:
            _, number = self.note_stack.pop()
            if number == -1:
                self.note_container = 0
            else:
                self._flush_note()
            return
        if tag == "a" and self.skip_link:
            self.skip_link = False
            return
        if tag == "a" and self.note_link is not None:
            if self.in_note is None:
                self.line.append(mark(self.note_link))
            self.note_link = None
            self.sup_text = []
            return
        if tag == "sup":
            self.sup = max(0, self.sup - 1)
            if self.note_link is not None:  # <a href="#ftn1"><sup>1</sup></a>: the link closes it
                return
            text = "".join(self.sup_text).strip().strip("[]()")
            if text.isdigit() and self.in_note is None:
                self.line.append(mark(int(text)))
            elif text:
                self.line.append(text)
            self.sup_text = []
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data):
        if self.skip or self.skip_link:
            return
        if self.note_link is not None:
            self.sup_text.append(data)
            return
        if self.sup:
            self.sup_text.append(data)
            return
        self.line.append(data)

    def _flush(self):
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.line)).strip()
        if text and self.in_note is None:
            self.lines.append(text)
        elif text:
            self.footnotes.setdefault(self.in_note, []).append(text)
        self.line = []

    def _flush_note(self):
        self._flush()
        number = self.in_note
        self.in_note = None
        if number == 0:  # a note in a "footnotes" container: its number starts the text
            parts = self.footnotes.pop(0, [])
            text = " ".join(parts)
            match = re.match(r"^\[?(\d{1,3})\]?\.?\s*(.*)$", text, re.S)
            if match:
                self.footnotes.setdefault(int(match.group(1)), []).append(match.group(2))


def extract_html(data: bytes) -> TextDocument:
    text = _decode_document(data)
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything else is damage
        raise UnreadableFile(f"The HTML page could not be read ({exc}).") from exc
    parser._flush()
    footnotes = {}
    for number, parts in parser.footnotes.items():
        if number <= 0:
            continue
        note = " ".join(parts).strip()
        note = re.sub(rf"^\[?{number}\]?\.?\s*", "", note)
        footnotes[number] = _normalise(note)
    body = _normalise("\n".join(parser.lines))
    if len(body.strip()) < 40:
        raise NoTextLayer("The HTML page has no text.")
    return TextDocument(format="html", pages=[body], paginated=False, footnotes=footnotes)


# -- Plain text --------------------------------------------------------------------------------


def extract_txt(data: bytes) -> TextDocument:
    text = _decode_document(data).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    if sum(len(p.strip()) for p in pages) < 40:
        raise NoTextLayer("The text file is empty.")
    return TextDocument(
        format="txt", pages=[_normalise(p) for p in pages], paginated=len(pages) > 1, footnotes=None
    )


def _decode_document(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# -- Common ------------------------------------------------------------------------------------

_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_SUPERSCRIPT_RUN = re.compile("(?<=\\S)([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,3})")
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
}


def _normalise(text: str) -> str:
    """Non-breaking and typographic spaces become spaces; soft hyphens and zero-width characters go;
    ligatures are spelled out. Dashes, quotes and accents stay as the UN wrote them."""
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    # Footnote markers typed as superscript digits ("reprisal.⁵") are markers, not text.
    text = _SUPERSCRIPT_RUN.sub(lambda m: mark(int(m.group(1).translate(_SUPERSCRIPT))), text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return text.replace("\r\n", "\n").replace("\r", "\n")
