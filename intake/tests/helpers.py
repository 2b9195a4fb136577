"""Test helpers: valid form data, files with metadata, and a scan of the whole database."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

CLIENT_IP = "203.0.113.7"
RECEIPT_RE = re.compile(r'id="receipt-code">([0-9A-Z-]+)<')


def form_data(**overrides):
    data = {
        "what_happened": "Police questioned the defender after she spoke at the Council.",
        "incident_year": "2024",
        "incident_month": "3",
        "incident_day": "14",
        "country": "NI",
        "location": "Managua",
        "mechanism": "sr-defenders",
        "perpetrator": "state",
        "perpetrator_details": "Two police officers",
        "victim_kind": "person",
        "victim_name": "",
        "victim_description": "a woman human rights defender",
        "share_with_un": "yes",
        "publication": "anonymised",
        "contact": "",
    }
    data.update(overrides)
    return data


def receipt_code(response) -> str:
    match = RECEIPT_RE.search(response.content.decode())
    assert match, "no receipt code in the response"
    return match.group(1)


def jpeg_with_exif(marker: str = "SecretCamera", orientation: int = 6) -> bytes:
    image = Image.new("RGB", (40, 20), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = marker  # Make
    exif[0x0110] = "Model-" + marker  # Model
    exif[0x0132] = "2024:03:14 10:11:12"  # DateTime
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (12.0, 8.0, 30.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=f"comment {marker}".encode())
    return out.getvalue()


def png_with_text(marker: str = "SecretAuthor") -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", marker)
    info.add_itxt("Description", f"made by {marker}")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_metadata(marker: str = "SecretWriter") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": marker, "/Creator": f"{marker} Office", "/Title": f"Report by {marker}"})
    xmp = DecodedStreamObject()
    xmp.set_data(
        (
            '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{marker}</dc:creator>'
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
    )
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def database_values():
    """Every value of every row of every table, read with raw SQL."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    yield table, value


def tables_containing(*needles: str) -> set[str]:
    """Tables in which any needle appears, as text or as bytes in a blob."""
    found = set()
    encoded = [n.encode() for n in needles]
    for table, value in database_values():
        if value is None:
            continue
        if isinstance(value, bytes | bytearray | memoryview):
            raw = bytes(value)
            if any(n in raw for n in encoded):
                found.add(table)
        elif any(n in str(value) for n in needles):
            found.add(table)
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        hexed = [n.encode().hex() for n in needles]
        if any(n in dump for n in needles) or any(h in dump.lower() for h in hexed):
            found.add("<sqlite dump>")
    return found
