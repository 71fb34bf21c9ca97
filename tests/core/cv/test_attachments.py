"""CV-10: attachments are at most 2 MB, in nine formats, recognised by their content."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from formlavoro_core.cv.attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    AttachmentFormat,
    AttachmentRejected,
    check_attachment,
    detect_format,
)

# --- real, minimal files ------------------------------------------------------------


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


# --- accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    NINE_EXTENSIONS,
    ids=[name for name, _, _ in NINE_EXTENSIONS],
)
def test_cv_10_each_of_the_nine_extensions_is_accepted_with_matching_content(
    filename: str, content: bytes, expected: AttachmentFormat
) -> None:
    """CV-10: each of the nine extensions is accepted with matching content."""
    assert check_attachment(filename, content) == Success(expected)
    assert detect_format(content) is expected


def test_cv_10_the_nine_extensions_of_the_manual_are_all_known_plus_tif() -> None:
    """CV-10: the nine extensions of the manual are all known plus tif."""
    known = set().union(*(fmt.extensions for fmt in AttachmentFormat))
    manual = {"pdf", "png", "jpeg", "jpg", "tiff", "zip", "7z", "doc", "docx"}
    assert known == manual | {"tif"}


def test_cv_10_tif_and_big_endian_tiff_are_accepted() -> None:
    """CV-10: tif and big endian tiff are accepted."""
    assert check_attachment("scan.tif", make_tiff(">")) == Success(AttachmentFormat.TIFF)


def test_cv_10_extensions_compare_case_insensitively() -> None:
    """CV-10: extensions compare case insensitively."""
    assert check_attachment("CV.PDF", make_pdf()) == Success(AttachmentFormat.PDF)
    assert check_attachment("Photo.JpG", make_jpeg()) == Success(AttachmentFormat.JPEG)


def test_cv_10_a_docx_named_zip_is_accepted_as_a_zip() -> None:
    """CV-10: a docx named zip is accepted as a zip."""
    assert check_attachment("letter.zip", make_docx()) == Success(AttachmentFormat.ZIP)


def test_cv_10_an_empty_zip_archive_is_a_zip() -> None:
    """CV-10: an empty zip archive is a zip."""
    content = make_zip({})
    assert content.startswith(b"PK\x05\x06")
    assert check_attachment("empty.zip", content) == Success(AttachmentFormat.ZIP)


def test_cv_10_docx_part_names_compare_case_insensitively() -> None:
    """CV-10: docx part names compare case insensitively."""
    content = make_zip({"[content_types].xml": b"<Types/>", "Word/Document.xml": b"<d/>"})
    assert detect_format(content) is AttachmentFormat.DOCX


def test_cv_10_every_format_has_a_media_type_and_a_lower_case_value() -> None:
    """CV-10: every format has a media type and a lower case value."""
    for fmt in AttachmentFormat:
        assert "/" in fmt.media_type
        assert fmt.value == fmt.name.lower()
        assert fmt.extensions
    assert AttachmentFormat.DOCX.media_type.endswith("wordprocessingml.document")


def test_cv_10_a_cv_holds_at_most_three_attachments() -> None:
    """CV-10: a cv holds at most three attachments."""
    assert MAX_ATTACHMENTS == 3


# --- size -------------------------------------------------------------------------------


def _pdf_of_size(size: int) -> bytes:
    head = make_pdf()
    return head + b" " * (size - len(head))


def test_cv_10_a_file_of_exactly_2_mib_is_accepted() -> None:
    """CV-10: a file of exactly 2 mib is accepted."""
    assert MAX_ATTACHMENT_BYTES == 2 * 1024 * 1024
    content = _pdf_of_size(MAX_ATTACHMENT_BYTES)
    assert check_attachment("cv.pdf", content) == Success(AttachmentFormat.PDF)


def test_cv_10_one_byte_more_than_2_mib_is_refused_as_too_large() -> None:
    """CV-10: one byte more than 2 mib is refused as too large."""
    content = _pdf_of_size(MAX_ATTACHMENT_BYTES + 1)
    assert check_attachment("cv.pdf", content) == Failure(
        AttachmentRejected(
            reason="too_large", filename="cv.pdf", size=MAX_ATTACHMENT_BYTES + 1, detected=None
        )
    )


def test_cv_10_an_empty_file_is_refused() -> None:
    """CV-10: an empty file is refused."""
    result = check_attachment("cv.pdf", b"")
    assert result == Failure(
        AttachmentRejected(reason="empty", filename="cv.pdf", size=0, detected=None)
    )
    assert result.failure().code == "cv.attachment.empty"


# --- content --------------------------------------------------------------------------


def test_cv_10_a_pdf_name_on_png_bytes_is_refused_as_extension_mismatch() -> None:
    """CV-10: a pdf name on png bytes is refused as extension mismatch."""
    content = make_png()
    error = check_attachment("cv.pdf", content).failure()
    assert error == AttachmentRejected(
        reason="extension_mismatch",
        filename="cv.pdf",
        size=len(content),
        detected=AttachmentFormat.PNG,
    )
    assert error.code == "cv.attachment.extension_mismatch"
    assert ".png" in error.message
    assert "PNG" in error.message


def test_cv_10_a_plain_zip_named_docx_is_refused() -> None:
    """CV-10: a plain zip named docx is refused."""
    error = check_attachment("letter.docx", make_zip()).failure()
    assert error.reason == "extension_mismatch"
    assert error.detected is AttachmentFormat.ZIP


def test_cv_10_a_docx_named_doc_is_refused_and_the_message_offers_both_names() -> None:
    """CV-10: a docx named doc is refused and the message offers both names."""
    error = check_attachment("letter.doc", make_docx()).failure()
    assert error.reason == "extension_mismatch"
    assert error.detected is AttachmentFormat.DOCX
    assert ".docx" in error.message
    assert ".zip" in error.message


@pytest.mark.parametrize(
    "content",
    [
        b"hello, this is plain text",
        b"\x7fELF\x02\x01\x01\x00",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"GIF89a\x01\x00\x01\x00",
        b"%PD",  # a truncated PDF signature
        b"\xff\xd8\xff",  # SOI without a marker
        b"\xff\xd8\xff\x00",  # SOI followed by something that is no marker
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # an OLE2 signature and nothing else
    ],
)
def test_cv_10_unknown_bytes_are_refused_whatever_the_name(content: bytes) -> None:
    """CV-10: unknown bytes are refused whatever the name."""
    error = check_attachment("cv.pdf", content).failure()
    assert error.reason == "unknown_format"
    assert error.code == "cv.attachment.unknown_format"
    assert error.detected is None
    assert "pdf" in error.message


def test_cv_10_an_ole2_file_without_a_word_document_stream_is_not_a_doc() -> None:
    """CV-10: an ole2 file without a word document stream is not a doc."""
    excel = make_ole2(stream="Workbook")
    assert detect_format(excel) is None
    assert check_attachment("letter.doc", excel).failure().reason == "unknown_format"


def test_cv_10_the_word_document_name_must_be_a_directory_entry() -> None:
    """CV-10: the word document name must be a directory entry."""
    name = "WordDocument\x00".encode("utf-16-le")
    misaligned = make_ole2(stream="Workbook") + b"\x00" * 3 + name + b"\x00" * 200
    assert detect_format(misaligned) is None


def test_cv_10_a_damaged_zip_with_a_valid_local_header_is_a_zip_not_a_docx() -> None:
    """CV-10: a damaged zip with a valid local header is a zip not a docx."""
    truncated = make_docx()[:60]
    assert detect_format(truncated) is AttachmentFormat.ZIP
    assert check_attachment("letter.docx", truncated).failure().reason == "extension_mismatch"


# --- file names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "problem"),
    [
        ("", "is empty"),
        ("a" * 252 + ".pdf", "longer than 255"),
        ("docs/cv.pdf", "path separator"),
        ("..\\cv.pdf", "path separator"),
        ("../cv.pdf", "path separator"),
        ("cv\x00.pdf", "control character"),
        ("cv\n.pdf", "control character"),
        ("cv\x7f.pdf", "control character"),
        ("cv\x85.pdf", "control character"),
        ("cv\u202efdp.pdf", "control character"),
        ("cv\udcff.pdf", "control character"),
        (" cv.pdf", "white space"),
        ("cv.pdf ", "white space"),
        ("cv", "no extension"),
        ("cv.", "no extension"),
        (".pdf", "no extension"),
    ],
)
def test_cv_10_bad_filenames_are_refused_with_the_problem_named(
    filename: str, problem: str
) -> None:
    """CV-10: bad filenames are refused with the problem named."""
    error = check_attachment(filename, make_pdf()).failure()
    assert error.reason == "bad_filename"
    assert error.code == "cv.attachment.bad_filename"
    assert problem in error.message


def test_cv_10_a_filename_of_255_characters_is_accepted() -> None:
    """CV-10: a filename of 255 characters is accepted."""
    filename = "a" * 251 + ".pdf"
    assert len(filename) == 255
    assert check_attachment(filename, make_pdf()) == Success(AttachmentFormat.PDF)


def test_cv_10_unicode_and_inner_dots_and_spaces_are_fine_in_names() -> None:
    """CV-10: unicode and inner dots and spaces are fine in names."""
    filename = "Curriculum vitæ \u2013 Rossi.v2.pdf"
    assert check_attachment(filename, make_pdf()) == Success(AttachmentFormat.PDF)


def test_cv_10_the_filename_is_checked_before_the_content() -> None:
    """CV-10: the filename is checked before the content."""
    assert check_attachment("a/b.pdf", b"").failure().reason == "bad_filename"


def test_cv_10_a_rejection_is_plain_data_for_an_http_body() -> None:
    """CV-10: a rejection is plain data for an http body."""
    body = check_attachment("cv.pdf", make_png()).failure().to_dict()
    assert body["code"] == "cv.attachment.extension_mismatch"
    assert "filename" not in body  # SEC-5: citizen text stays with the caller
    assert body["detected"] == "png"
    json.dumps(body)


def test_cv_10_an_unknown_reason_cannot_be_built() -> None:
    """CV-10: an unknown reason cannot be built."""
    with pytest.raises(ValueError, match="reason"):
        AttachmentRejected(reason="cosmic_rays", filename="cv.pdf", size=1, detected=None)


# --- never raises ----------------------------------------------------------------------

_SAMPLES = [content for _, content, _ in NINE_EXTENSIONS] + [make_ole2("Workbook")]
_MAGICS = [sample[:8] for sample in _SAMPLES] + [b"PK\x05\x06", b"PK\x03\x04"]
_NAMES = st.one_of(
    st.text(),
    st.builds(
        "{}.{}".format,
        st.text(max_size=20),
        st.sampled_from(["pdf", "png", "jpg", "jpeg", "tif", "tiff", "zip", "7z", "doc", "docx"]),
    ),
)


def _assert_consistent(filename: str, content: bytes) -> None:
    result = check_attachment(filename, content)
    match result:
        case Success(fmt):
            assert filename.rpartition(".")[2].lower() in fmt.extensions
            assert 0 < len(content) <= MAX_ATTACHMENT_BYTES
        case Failure(error):
            assert error.code.startswith("cv.attachment.")
            assert error.message
            assert error.size == len(content)


@given(filename=_NAMES, content=st.binary(max_size=2048))
def test_cv_10_check_attachment_never_raises_on_arbitrary_input(
    filename: str, content: bytes
) -> None:
    """CV-10: check attachment never raises on arbitrary input."""
    _assert_consistent(filename, content)


@given(filename=_NAMES, magic=st.sampled_from(_MAGICS), tail=st.binary(max_size=2048))
def test_cv_10_check_attachment_never_raises_on_bytes_with_a_known_magic(
    filename: str, magic: bytes, tail: bytes
) -> None:
    """CV-10: check attachment never raises on bytes with a known magic."""
    _assert_consistent(filename, magic + tail)


@given(
    sample=st.sampled_from(_SAMPLES),
    cut=st.integers(min_value=1, max_value=4096),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
)
def test_cv_10_check_attachment_never_raises_on_damaged_real_files(
    sample: bytes, cut: int, flips: list[tuple[int, int]]
) -> None:
    """CV-10: check attachment never raises on damaged real files."""
    content = bytearray(sample[:cut])
    for position, value in flips:
        content[position % len(content)] = value
    for filename in ("cv.zip", "cv.docx", "cv.doc", "cv.pdf"):
        _assert_consistent(filename, bytes(content))
