"""Text out of each format, and the errors a curator sees for files that cannot be read."""

import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.services import extract_text
from ingest.services.errors import EncryptedPDF, NoTextLayer, UnreadableFile, UnsupportedType
from ingest.services.extract_text import MARK_RE

from . import reportgen


def test_pdf_pages_keep_page_furniture_and_footnote_markers(sample, render):
    document = extract_text.extract(render(sample, "pdf"), "report.pdf")
    assert document.format == "pdf" and document.paginated
    assert document.page_count == reportgen.page_count(sample)
    text = "\n".join(document.pages)
    assert "A/HRC/39/97" in document.pages[2]  # the running header
    assert "Nadia Al-Rashidi" in text
    assert "\u00a0" not in text  # non-breaking spaces became spaces
    assert "Geneva" in text and "–" in document.pages[0]  # en dash of "10–28 September"


def test_docx_has_real_footnotes_and_no_page_header(sample, render):
    document = extract_text.extract(render(sample, "docx"), "report.docx")
    assert document.format == "docx" and not document.paginated
    text = document.pages[0]
    assert text.count("A/HRC/39/97") == 1  # the cover, not the header of every page
    assert document.footnotes == {
        1: "See also General Assembly resolution 70/161.",
        2: "AL BHR 7/2017.",
    }
    assert [int(n) for n in MARK_RE.findall(text)] == [1, 2]
    assert "GE.18-13000" not in text  # the footer part is not body text


@pytest.mark.parametrize("style", ["html", "html-plain"])
def test_html_markers_and_footnotes_in_both_styles(sample, render, style):
    document = extract_text.extract(render(sample, style), "report.html")
    assert document.format == "html"
    assert document.footnotes[2] == "AL BHR 7/2017."
    text = document.pages[0]
    assert "var tracking" not in text  # scripts are not text
    assert [int(n) for n in MARK_RE.findall(text)] == [1, 2]
    assert "1.  The Human Rights Council" in text or "1. The Human Rights Council" in text


def test_txt_pages_split_on_form_feeds(sample, render):
    document = extract_text.extract(render(sample, "txt"), "report.txt")
    assert document.format == "txt" and document.paginated
    assert document.page_count == reportgen.page_count(sample)


def test_format_is_decided_by_content_not_name(sample, render):
    assert extract_text.detect_format(render(sample, "pdf"), "report.txt") == "pdf"
    assert extract_text.detect_format(render(sample, "docx"), "report.pdf") == "docx"
    assert extract_text.detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "x") == "html"
    assert extract_text.detect_format("Plain text, with an en dash –".encode(), "x.txt") == "txt"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0" + b"\x00" * 40, b"\x00\x01\x02\x03binary" * 10],
    ids=["png", "jpeg", "binary"],
)
def test_unsupported_types_are_named(data):
    with pytest.raises(UnsupportedType):
        extract_text.extract(data, "report.pdf")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedType, match="not a Word document"):
        extract_text.extract(buffer.getvalue(), "report.xlsx")


def _encrypt(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_is_refused_with_a_reason(sample, render):
    with pytest.raises(EncryptedPDF, match="password"):
        extract_text.extract(_encrypt(render(sample, "pdf"), "open-sesame"), "report.pdf")


def test_pdf_encrypted_without_a_user_password_is_read(sample, render):
    document = extract_text.extract(_encrypt(render(sample, "pdf"), ""), "report.pdf")
    assert "Nadia Al-Rashidi" in "\n".join(document.pages)


def test_empty_pdf_has_no_text_layer():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(NoTextLayer, match="OCR"):
        extract_text.extract(out.getvalue(), "scan.pdf")


def test_image_only_pdf_has_no_text_layer():
    from fpdf import FPDF
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(image, format="PNG")
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.image(io.BytesIO(image.getvalue()), x=10, y=10, w=180)
    with pytest.raises(NoTextLayer, match="scanned"):
        extract_text.extract(bytes(pdf.output()), "scan.pdf")


def test_damaged_pdf_is_unreadable():
    with pytest.raises(UnreadableFile):
        extract_text.extract(b"%PDF-1.7\n" + b"garbage " * 50, "broken.pdf")


def test_docx_automatic_paragraph_numbers_are_restored():
    import docx

    document = docx.Document()
    document.add_paragraph("Cooperation with the United Nations")
    for text in ["The first paragraph.", "The second paragraph.", "The third paragraph."]:
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text.extract(buffer.getvalue(), "numbered.docx").pages[0]
    assert "1.\tThe first paragraph." in text
    assert "3.\tThe third paragraph." in text
