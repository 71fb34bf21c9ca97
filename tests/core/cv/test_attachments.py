"""CV-10: attachments are at most 2 MB, in nine formats, recognised by their content.

The checks of the file name are in ``test_attachments_filenames``; that no input makes
the check raise is in ``test_attachments_arbitrary_input``; the files come from
``minimal_files``.
"""

from __future__ import annotations

import json

import pytest
from returns.result import Failure, Success

from formlavoro_core.cv.attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    AttachmentFormat,
    AttachmentRejected,
    check_attachment,
    detect_format,
)
from tests.core.cv.minimal_files import (
    NINE_EXTENSIONS,
    make_docx,
    make_jpeg,
    make_ole2,
    make_pdf,
    make_png,
    make_tiff,
    make_zip,
)

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
