"""Real, minimal files of the nine attachment formats of CV-10, one builder each.

Each builder writes the smallest file its format's readers accept: a 1x1 PNG, JPEG
and TIFF, a PDF, a ZIP, a Word document (Office Open XML and OLE2), an empty 7z.
``NINE_EXTENSIONS`` pairs each of the nine extensions with such a file and its format.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from formlavoro_core.cv.attachments import AttachmentFormat


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def make_png() -> bytes:
    """A decodable 1x1 grey PNG: signature, IHDR, IDAT, IEND."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")  # filter byte, one grey pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def make_jpeg() -> bytes:
    """SOI, a JFIF APP0 segment, a comment segment and EOI."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = b"formlavoro"
    return (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", len(app0) + 2)
        + app0
        + b"\xff\xfe"
        + struct.pack(">H", len(comment) + 2)
        + comment
        + b"\xff\xd9"
    )


def make_tiff(byte_order: str = "<") -> bytes:
    """A 1x1 uncompressed black-is-zero TIFF, little (``<``) or big (``>``) endian."""
    marker = b"II*\x00" if byte_order == "<" else b"MM\x00*"
    entries = [  # tag, type (3 SHORT, 4 LONG), count, value
        (256, 3, 1, 1),  # ImageWidth
        (257, 3, 1, 1),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # PhotometricInterpretation: black is zero
        (273, 4, 1, 0),  # StripOffsets, patched below
        (278, 3, 1, 1),  # RowsPerStrip
        (279, 4, 1, 1),  # StripByteCounts
    ]
    ifd_size = 2 + 12 * len(entries) + 4
    pixel_offset = 8 + ifd_size
    ifd = struct.pack(byte_order + "H", len(entries))
    for tag, kind, count, given_value in entries:
        value = pixel_offset if tag == 273 else given_value
        packed = (
            struct.pack(byte_order + "HH", value, 0)
            if kind == 3
            else struct.pack(byte_order + "I", value)
        )
        ifd += struct.pack(byte_order + "HHI", tag, kind, count) + packed
    ifd += struct.pack(byte_order + "I", 0)
    return marker + struct.pack(byte_order + "I", 8) + ifd + b"\x00"


def make_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def make_zip(members: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (members if members is not None else {"cv.txt": b"hello"}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_docx() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


def make_7z() -> bytes:
    """An empty 7z archive: the 32-byte signature header, with its CRC."""
    next_header = struct.pack("<QQI", 0, 0, 0)  # offset, size, CRC of the next header
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(next_header)) + next_header


_FREE = 0xFFFFFFFF
_END_OF_CHAIN = 0xFFFFFFFE
_FAT_SECTOR = 0xFFFFFFFD


def _ole2_entry(name: str, kind: int, child: int = _FREE, size: int = 0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, _FREE, child)
        + b"\x00" * 16  # CLSID
        + struct.pack("<IQQ", 0, 0, 0)  # state bits, creation and modification times
        + struct.pack("<IQ", _END_OF_CHAIN if kind != 0 else 0, size)
    )


def make_ole2(stream: str = "WordDocument") -> bytes:
    """A version-3 compound file: header, one FAT sector, one directory sector.

    The directory holds the root storage and one empty stream named ``stream``.
    """
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)  # dir sectors, FAT sectors, first dir, txn
        + struct.pack("<IIIII", 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<I", _FREE) * 108
    )
    fat = struct.pack("<II", _FAT_SECTOR, _END_OF_CHAIN) + struct.pack("<I", _FREE) * 126
    directory = (
        _ole2_entry("Root Entry", 5, child=1)
        + _ole2_entry(stream, 2)
        + _ole2_entry("", 0)
        + _ole2_entry("", 0)
    )
    assert len(header) == len(fat) == len(directory) == 512
    return header + fat + directory


NINE_EXTENSIONS = [
    ("cv.pdf", make_pdf(), AttachmentFormat.PDF),
    ("photo.png", make_png(), AttachmentFormat.PNG),
    ("photo.jpeg", make_jpeg(), AttachmentFormat.JPEG),
    ("photo.jpg", make_jpeg(), AttachmentFormat.JPEG),
    ("scan.tiff", make_tiff("<"), AttachmentFormat.TIFF),
    ("bundle.zip", make_zip(), AttachmentFormat.ZIP),
    ("bundle.7z", make_7z(), AttachmentFormat.SEVEN_Z),
    ("letter.doc", make_ole2(), AttachmentFormat.DOC),
    ("letter.docx", make_docx(), AttachmentFormat.DOCX),
]
