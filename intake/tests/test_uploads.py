"""Attachments: limits, content sniffing, refusal with a clear message and nothing stored,
metadata stripping."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from intake import services
from intake.models import Attachment, PendingAttachment, Submission
from intake.pending import NOT_CLEANED_PREFIX

from .helpers import form_data, jpeg_with_exif, pdf_with_metadata, png_with_text, upload

pytestmark = pytest.mark.django_db


def _post(client, *files):
    data = form_data()
    data["attachments"] = list(files)
    return client.post("/intake/", data)


def _refused(response, message):
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your report has not been sent" in page
    assert message in page
    assert Submission.objects.count() == 0
    assert Attachment.objects.count() == 0


def _only_attachment(intake_keys):
    submission = Submission.objects.get()
    (opened,) = services.decrypt(submission, intake_keys.private_key).attachments
    return opened


def test_oversized_file_is_refused(client, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1000
    _refused(_post(client, upload("big.txt", b"a" * 1001)), "is larger than 1000")


def test_total_size_limit(client, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1000
    settings.INTAKE_MAX_TOTAL_BYTES = 1500
    response = _post(client, upload("a.txt", b"a" * 900), upload("b.txt", b"b" * 900))
    _refused(response, "The attachments together are larger than")


def test_too_many_files(client, settings):
    settings.INTAKE_MAX_FILES = 2
    files = [upload(f"{n}.txt", b"text") for n in range(3)]
    _refused(_post(client, *files), "Please attach at most 2 files.")


def test_malformed_png_is_refused(client):
    _refused(
        _post(client, upload("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20)),
        "could not be read as a PNG image",
    )


def test_malformed_pdf_is_refused(client):
    _refused(
        _post(client, upload("broken.pdf", b"%PDF-1.7\nthis is not a pdf")), "could not be read as a PDF"
    )


def test_mismatched_type_is_refused(client):
    response = _post(client, upload("holiday.jpg", pdf_with_metadata()))
    _refused(response, "is named like a JPEG file but its content is PDF")


def test_unsupported_type_is_refused(client):
    zip_bytes = b"PK\x03\x04" + bytes(range(256))
    _refused(_post(client, upload("archive.zip", zip_bytes)), "is not a file type we accept")


def test_binary_named_txt_is_refused(client):
    _refused(_post(client, upload("notes.txt", b"\x00\x01\x02binary")), "is not a file type we accept")


def test_empty_file_is_refused(client):
    _refused(_post(client, upload("empty.txt", b"")), "is empty")


def test_one_bad_file_refuses_the_whole_submission(client):
    _refused(
        _post(client, upload("ok.txt", b"fine"), upload("bad.png", b"not a png")), "is named like a PNG file"
    )


def test_uploads_never_touch_the_disk(client, settings, tmp_path, intake_keys):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    big = b"line of text\n" * (3 * 1024 * 1024 // 13)  # > FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    assert _post(client, upload("big.txt", big)).status_code == 200
    assert list((tmp_path / "uploads").iterdir()) == []
    assert _only_attachment(intake_keys).data == big


def test_browser_content_type_is_not_trusted(client, intake_keys, run_worker, reference_data):
    response = _post(client, upload("scan.pdf", pdf_with_metadata(), content_type="image/png"))
    assert response.status_code == 200
    run_worker()
    assert _only_attachment(intake_keys).content_type == "application/pdf"


def test_file_without_extension_is_typed_by_content(client, intake_keys):
    assert _post(client, upload("photo", jpeg_with_exif())).status_code == 200
    opened = _only_attachment(intake_keys)
    assert opened.content_type == "image/jpeg"
    assert opened.name == "photo.jpg"


def test_jpeg_exif_is_stripped(client, intake_keys):
    original = jpeg_with_exif("CameraMarker")
    assert Image.open(io.BytesIO(original)).getexif()  # the test file does carry EXIF
    assert _post(client, upload("photo.jpg", original)).status_code == 200

    opened = _only_attachment(intake_keys)
    assert opened.content_type == "image/jpeg"
    assert b"CameraMarker" not in opened.data
    assert b"Exif" not in opened.data
    image = Image.open(io.BytesIO(opened.data))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert "comment" not in image.info
    # The orientation tag was applied to the pixels before it was dropped.
    assert image.size == (20, 40)


def test_png_text_chunks_are_stripped(client, intake_keys):
    assert _post(client, upload("chart.png", png_with_text("AuthorMarker"))).status_code == 200
    opened = _only_attachment(intake_keys)
    assert b"AuthorMarker" not in opened.data
    image = Image.open(io.BytesIO(opened.data))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert not image.text


def test_pdf_metadata_is_stripped(client, intake_keys, run_worker, reference_data):
    original = pdf_with_metadata("WriterMarker")
    assert PdfReader(io.BytesIO(original)).metadata["/Author"] == "WriterMarker"
    assert _post(client, upload("report.pdf", original)).status_code == 200
    run_worker()

    opened = _only_attachment(intake_keys)
    assert b"WriterMarker" not in opened.data
    reader = PdfReader(io.BytesIO(opened.data))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert len(reader.pages) == 1


def test_plain_text_is_kept_as_sent(client, intake_keys):
    text = "Témoignage — 证词\nline two\n".encode()
    assert _post(client, upload("statement.txt", text)).status_code == 200
    opened = _only_attachment(intake_keys)
    assert (opened.data, opened.content_type, opened.name) == (text, "text/plain", "statement.txt")


# --- PDFs: a page cap in the request, the rewriting in the worker ------------------------------


def _pdf_with_pages(count: int, marker: str = "PagesMarker") -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=100, height=100)
    writer.add_metadata({"/Author": marker})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_is_cleaned_by_the_worker_not_the_request(client, intake_keys, run_worker, reference_data):
    original = pdf_with_metadata("WorkerMarker")
    files = [upload("a.txt", b"first"), upload("scan.pdf", original), upload("c.txt", b"third")]
    assert _post(client, *files).status_code == 200

    # The request stored the other files and kept the PDF, encrypted, for the worker.
    assert sorted(Attachment.objects.values_list("position", flat=True)) == [1, 3]
    (pending,) = PendingAttachment.objects.all()
    assert pending.position == 2
    assert b"WorkerMarker" not in bytes(pending.ciphertext) and b"%PDF" not in bytes(pending.ciphertext)

    run_worker()

    assert not PendingAttachment.objects.exists()
    opened = services.decrypt(Submission.objects.get(), intake_keys.private_key).attachments
    assert [(a.name, a.content_type) for a in opened] == [
        ("a.txt", "text/plain"),
        ("scan.pdf", "application/pdf"),
        ("c.txt", "text/plain"),
    ]
    assert b"WorkerMarker" not in opened[1].data
    assert PdfReader(io.BytesIO(opened[1].data)).metadata is None


def test_a_pdf_over_the_page_cap_is_refused_in_the_request(client, settings):
    settings.INTAKE_MAX_PDF_PAGES = 3
    _refused(_post(client, upload("long.pdf", _pdf_with_pages(4))), "has more than 3 pages")


def test_the_page_cap_reads_the_declared_count_without_walking_the_pages(client, settings, monkeypatch):
    """The cheap check reads the page tree's root only: nothing rewrites or walks the pages in
    the request."""
    import pypdf

    settings.INTAKE_MAX_PDF_PAGES = 3
    short, long = _pdf_with_pages(3), _pdf_with_pages(50)
    walked = []
    monkeypatch.setattr(pypdf.PdfWriter, "add_page", lambda *a, **k: walked.append(1))
    monkeypatch.setattr(pypdf.PdfReader, "_flatten", lambda *a, **k: walked.append(1))
    assert _post(client, upload("ok.pdf", short)).status_code == 200
    assert _post(client, upload("long.pdf", long)).status_code == 400
    assert walked == []


def test_a_pdf_that_understates_its_pages_is_kept_uncleaned_not_lost(
    client, settings, intake_keys, run_worker, reference_data
):
    """A file declaring fewer pages than it has passes the cheap check; the worker, counting
    the real pages, stops at the cap and seals the file as received, named so staff know."""
    settings.INTAKE_MAX_PDF_PAGES = 3
    lying = _pdf_with_pages(5).replace(b"/Count 5", b"/Count 1")
    assert _post(client, upload("lying.pdf", lying)).status_code == 200
    run_worker()
    (opened,) = services.decrypt(Submission.objects.get(), intake_keys.private_key).attachments
    assert opened.name == NOT_CLEANED_PREFIX + "lying.pdf"
    assert opened.data == lying
