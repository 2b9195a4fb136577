"""Attachments: kept in memory only, limited in number and size, typed by their content (never
by their name or the browser's word), and stripped of metadata before they are sealed.

Accepted: PDF, JPEG, PNG and plain text (UTF-8). Images are decoded and re-encoded with Pillow
from their pixels alone, so EXIF (camera, GPS position, time), XMP, ICC profiles and comments
are dropped; orientation is applied first so pictures stay upright. PDFs are rewritten page by
page with pypdf, without the document information dictionary, XMP streams or annotation
authors — by the worker (intake/pending.py), since that takes time in proportion to the pages:
the request only checks what is cheap (readable, no password, at most INTAKE_MAX_PDF_PAGES
pages as the file declares them).
"""

import json
import logging
import os
import struct
import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter

# Pillow logs every EXIF tag it reads, with its value (camera, GPS position, names), at DEBUG
# level, and pypdf's warnings can quote a document's content. Neither may reach a log while an
# attachment is processed, whatever LOG_LEVEL says; tests/test_no_plaintext.py checks it.
logging.getLogger("PIL").setLevel(logging.INFO)
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: frozenset
    extension: str
    label: str


KINDS = {
    "pdf": Kind("application/pdf", frozenset({".pdf"}), ".pdf", "PDF"),
    "jpeg": Kind("image/jpeg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}), ".jpg", "JPEG"),
    "png": Kind("image/png", frozenset({".png"}), ".png", "PNG"),
    "text": Kind("text/plain", frozenset({".txt", ".text"}), ".txt", gettext_lazy("plain text")),
}
ACCEPT_ATTRIBUTE = ",".join(sorted({ext for kind in KINDS.values() for ext in kind.extensions}))

_TEXT_CONTROL_ALLOWED = {"\t", "\n", "\r", "\f"}
# Annotation keys that name who made or changed a comment, and when.
_ANNOTATION_IDENTIFYING_KEYS = ("/T", "/M", "/CreationDate", "/NM", "/RC", "/Popup")
_PAGE_METADATA_KEYS = ("/Metadata", "/PieceInfo", "/LastModified")


@dataclass(frozen=True)
class CleanFile:
    name: str
    content_type: str
    data: bytes
    needs_cleaning: bool = False  # a PDF: the worker strips its metadata (intake/pending.py)


def frame(upload: CleanFile) -> bytes:
    """A file with its name and type, as one byte string to seal."""
    header = json.dumps(
        {"name": upload.name, "content_type": upload.content_type, "size": len(upload.data)}
    ).encode("utf-8")
    return struct.pack(">I", len(header)) + header + upload.data


def unframe(plaintext: bytes) -> CleanFile:
    (length,) = struct.unpack(">I", plaintext[:4])
    header = json.loads(plaintext[4 : 4 + length])
    return CleanFile(name=header["name"], content_type=header["content_type"], data=plaintext[4 + length :])


# --- Sniffing ----------------------------------------------------------------------------------


def _looks_like_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROL_ALLOWED for ch in text)


def sniff(data: bytes) -> str | None:
    """The kind of a file judged from its first bytes, or None if it is not one we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if _looks_like_text(data):
        return "text"
    return None


def kind_for_extension(name: str) -> str | None:
    ext = os.path.splitext(name)[1].lower()
    for key, kind in KINDS.items():
        if ext in kind.extensions:
            return key
    return None


def safe_name(name: str, kind: str) -> str:
    """The file's own name without any path or control characters, with the extension that
    matches its content. (It is sealed with the file; the server never stores it in clear.)"""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .") or "attachment"
    stem, ext = os.path.splitext(base)
    if ext.lower() not in KINDS[kind].extensions:
        stem, ext = base, KINDS[kind].extension
    return f"{stem[:100]}{ext.lower()}"


# --- Metadata stripping ------------------------------------------------------------------------


def strip_image(data: bytes, kind: str, name: str) -> bytes:
    expected = {"jpeg": "JPEG", "png": "PNG"}[kind]
    unreadable = ValidationError(
        _("“%(name)s” could not be read as a %(type)s image.") % {"name": name, "type": expected},
        code="malformed",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                if probe.format != expected:
                    raise unreadable
                if probe.width * probe.height > settings.INTAKE_MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("“%(name)s” has too many pixels; please send a smaller picture.") % {"name": name},
                        code="too_large",
                    )
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                transparency = upright.info.get("transparency")
                clean = upright.copy()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise unreadable from None

    # Nothing but pixels (and PNG transparency) goes into the new file.
    clean.info = {}
    out = BytesIO()
    if kind == "jpeg":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=92, optimize=True)
    else:
        options = {"transparency": transparency} if transparency is not None else {}
        clean.save(out, format="PNG", optimize=True, **options)
    return out.getvalue()


def _too_many_pages(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” has more than %(limit)d pages; please send the pages that matter, or split it.")
        % {"name": name, "limit": settings.INTAKE_MAX_PDF_PAGES},
        code="too_many_pages",
    )


def _open_pdf(data: bytes, name: str) -> PdfReader:
    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValidationError(
            _("“%(name)s” is protected by a password; please send it without one.") % {"name": name},
            code="encrypted",
        )
    return reader


def _unreadable_pdf(name: str) -> ValidationError:
    return ValidationError(_("“%(name)s” could not be read as a PDF.") % {"name": name}, code="malformed")


def check_pdf(data: bytes, name: str) -> None:
    """What the request checks of a PDF: readable, no password, and at most
    INTAKE_MAX_PDF_PAGES pages as its page tree declares them (read from the root, without
    walking the pages, so a 66,000-page file is refused in milliseconds)."""
    try:
        reader = _open_pdf(data, name)
        declared = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of error on malformed input
        raise _unreadable_pdf(name) from None
    if declared <= 0:
        raise _unreadable_pdf(name)
    if declared > settings.INTAKE_MAX_PDF_PAGES:
        raise _too_many_pages(name)


def strip_pdf(data: bytes, name: str) -> bytes:
    """The PDF rewritten without metadata (by the worker). The real pages are counted as they
    are copied: a file that declared fewer than it has stops at the limit."""
    unreadable = _unreadable_pdf(name)
    try:
        reader = _open_pdf(data, name)
        writer = PdfWriter()
        for count, page in enumerate(reader.pages, start=1):
            if count > settings.INTAKE_MAX_PDF_PAGES:
                raise _too_many_pages(name)
            writer.add_page(page)
        if not writer.pages:
            raise unreadable
        writer.metadata = None  # no /Info dictionary, not even /Producer
        for page in writer.pages:
            for key in _PAGE_METADATA_KEYS:
                if key in page:
                    del page[key]
            for annotation in page.get("/Annots", None) or []:
                annotation = annotation.get_object()
                for key in _ANNOTATION_IDENTIFYING_KEYS:
                    if key in annotation:
                        del annotation[key]
        out = BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of error on malformed input
        raise unreadable from None
    return out.getvalue()


def clean_upload(name: str, data: bytes) -> CleanFile:
    """Check one uploaded file and return it stripped of metadata, or raise ValidationError."""
    shown = os.path.basename((name or "").replace("\\", "/"))[:100] or _("attachment")
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": shown}, code="empty")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Please send PDF, JPEG, PNG or plain text files.")
            % {"name": shown},
            code="type",
        )
    claimed = kind_for_extension(shown)
    has_extension = bool(os.path.splitext(shown)[1])
    if has_extension and claimed != kind:
        raise ValidationError(
            _(
                "“%(name)s” is named like a %(claimed)s file but its content is %(actual)s. "
                "Please check the file and send it again."
            )
            % {
                "name": shown,
                "claimed": KINDS[claimed].label if claimed else os.path.splitext(shown)[1],
                "actual": KINDS[kind].label,
            },
            code="mismatch",
        )
    if kind in ("jpeg", "png"):
        data = strip_image(data, kind, shown)
    elif kind == "pdf":
        check_pdf(data, shown)
    return CleanFile(
        name=safe_name(name, kind),
        content_type=KINDS[kind].content_type,
        data=data,
        needs_cleaning=kind == "pdf",
    )


# --- Receiving uploads -------------------------------------------------------------------------


class IntakeUploadHandler(FileUploadHandler):
    """Keeps uploads in memory (never in a temporary file on disk) and refuses, with a message
    for the form, any file past the number, per-file or total size limit. Refused files are
    read and discarded, never kept."""

    def __init__(self, request=None):
        super().__init__(request)
        self.errors: list[str] = []
        self.count = 0
        self.total = 0
        self.buffer = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.count += 1
        self.buffer = BytesIO()
        if self.count > settings.INTAKE_MAX_FILES:
            self.errors.append(
                _("Please attach at most %(count)d files.") % {"count": settings.INTAKE_MAX_FILES}
            )
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        self.buffer.write(raw_data)
        size = self.buffer.tell()
        if size > settings.INTAKE_MAX_FILE_BYTES:
            self._refuse(
                _("“%(name)s” is larger than %(limit)s.")
                % {"name": self.file_name, "limit": filesizeformat(settings.INTAKE_MAX_FILE_BYTES)}
            )
        if self.total + size > settings.INTAKE_MAX_TOTAL_BYTES:
            self._refuse(
                _("The attachments together are larger than %(limit)s.")
                % {"limit": filesizeformat(settings.INTAKE_MAX_TOTAL_BYTES)}
            )
        return None

    def _refuse(self, message):
        self.errors.append(message)
        self.buffer = None
        raise SkipFile()

    def file_complete(self, file_size):
        self.total += file_size
        self.buffer.seek(0)
        uploaded = InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type="application/octet-stream",  # the browser's claim is not trusted
            size=file_size,
            charset=None,
        )
        self.buffer = None
        return uploaded


class DiscardUploadHandler(FileUploadHandler):
    """Reads past every file without keeping a byte: for a request refused before its files
    are looked at (over the hourly budget), whose text is still shown back."""

    def new_file(self, *args, **kwargs):
        raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None
