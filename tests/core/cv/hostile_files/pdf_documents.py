"""PDF documents for the SEC-7 tests, each with a correct cross-reference table.

Objects given one by one, streams and object streams with chosen filters, and a
two-page CV like the ones writers produce.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence


def make_pdf_document(
    objects: Sequence[bytes], *, version: bytes = b"1.7", trailer: bytes = b""
) -> bytes:
    """A PDF whose object ``n`` (from 1) is ``objects[n - 1]``, with a correct xref.

    Object 1 must be the catalog.
    """
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_stream(dictionary: bytes, data: bytes) -> bytes:
    """A stream object's body: ``dictionary`` (without ``<<>>``) plus its /Length."""
    return b"<<%s/Length %d>>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def object_stream(
    objects: Sequence[tuple[int, bytes]], *, filters: Sequence[str] = ("Flate",)
) -> bytes:
    """An object stream (PDF 1.5) holding ``(number, body)`` objects.

    ``filters`` are applied in order when encoding and listed in decoding order.
    """
    offsets, bodies, position = [], [], 0
    for number, body in objects:
        offsets.append(b"%d %d" % (number, position))
        bodies.append(body)
        position += len(body) + 1
    header = b" ".join(offsets) + b"\n"
    data = header + b"\n".join(bodies)
    names: list[str] = []
    for name in filters:
        if name == "Flate":
            data, names = zlib.compress(data), ["/FlateDecode", *names]
        elif name == "AHx":
            data, names = data.hex().encode() + b">", ["/ASCIIHexDecode", *names]
        elif name == "LZW":  # declared only: these bytes are not LZW
            names = ["/LZWDecode", *names]
    chain = b"[" + b" ".join(n.encode() for n in names) + b"]"
    return pdf_stream(
        b"/Type/ObjStm/N %d/First %d/Filter%s" % (len(objects), len(header), chain), data
    )


def real_looking_pdf(*extra_catalog: bytes) -> bytes:
    """A two-page CV: a font, compressed page contents, an image, a link, an outline,
    document information and an /OpenAction that shows the first page (as writers do).
    """
    page_text = zlib.compress(
        b"BT /F1 14 Tf 72 740 Td (Curriculum vitae - Anna Rossi) Tj ET\n"
        b"BT /F1 10 Tf 72 700 Td (Esperienze: cuoca, Genova, 2019-2024) Tj ET\n"
        b"q 40 0 0 40 480 720 cm /Im1 Do Q\n"
    )
    pixels = zlib.compress(bytes(range(256)) * 6)
    catalog = (
        b"<</Type/Catalog/Pages 2 0 R/Outlines 8 0 R/OpenAction[3 0 R/Fit]/PageMode/UseOutlines"
        + b"".join(extra_catalog)
        + b">>"
    )
    return make_pdf_document(
        [
            catalog,
            b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/MediaBox[0 0 595 842]>>",
            b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>/XObject<</Im1 7 0 R>>>>"
            b"/Contents 6 0 R/Annots[10 0 R]>>",
            b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>>>/Contents 6 0 R>>",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
            pdf_stream(b"/Filter/FlateDecode", page_text),
            pdf_stream(
                b"/Type/XObject/Subtype/Image/Width 48/Height 32/ColorSpace/DeviceGray"
                b"/BitsPerComponent 8/Filter/FlateDecode",
                pixels,
            ),
            b"<</Type/Outlines/First 9 0 R/Last 9 0 R/Count 1>>",
            b"<</Title(Esperienze)/Parent 8 0 R/Dest[3 0 R/XYZ 0 842 0]>>",
            b"<</Type/Annot/Subtype/Link/Rect[72 600 300 620]/Border[0 0 0]"
            b"/A<</S/URI/URI(https://www.linkedin.com/in/anna-rossi)>>>>",
            b"<</Title(Curriculum vitae)/Author(Anna Rossi)/Producer(LibreOffice 7.6)>>",
        ],
        trailer=b"/Info 11 0 R",
    )
