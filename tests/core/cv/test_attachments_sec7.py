"""SEC-7: hostile attachments, across formats: codes, messages, images, the portal."""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from returns.result import Failure, Success

from formlavoro_core.cv.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentFormat,
    AttachmentRejected,
    Hazard,
    check_attachment,
)
from tests.core.cv.hostile_files.office_documents import make_compound_file, make_docx, vba_project
from tests.core.cv.hostile_files.pdf_documents import (
    make_pdf_document,
    object_stream,
    real_looking_pdf,
)
from tests.core.cv.hostile_files.seven_zip_archives import BCJ, LZMA2, make_7z
from tests.core.cv.hostile_files.zip_archives import make_zip, zip_bomb
from tests.core.cv.minimal_files import make_jpeg, make_png, make_tiff
from tests.support import failure, world

# --- the failure ------------------------------------------------------------------------


@pytest.mark.parametrize("hazard", list(Hazard), ids=lambda hazard: hazard.value)
def test_sec7_each_hazard_has_its_own_code_and_a_message_without_the_file_name(
    hazard: Hazard,
) -> None:
    """SEC-7: cv.attachment.<reason>; the message explains, and leaves out the name
    (it may carry personal data)."""
    error = AttachmentRejected(
        reason=hazard.value, filename="Rossi Anna CV.pdf", size=10, detected=AttachmentFormat.PDF
    )
    assert error.code == f"cv.attachment.{hazard.value}"
    assert error.message.startswith("The file was refused: ")
    assert "Rossi" not in error.message
    assert json.loads(json.dumps(error.to_dict()))["code"] == error.code


def test_sec7_the_codes_are_distinct() -> None:
    """SEC-7: each hostile kind can be told apart by an app."""
    assert len({hazard.value for hazard in Hazard}) == len(Hazard)


def test_sec7_a_refusal_names_the_format_found() -> None:
    """SEC-7: ``detected`` is the format the content was checked as."""
    error = check_attachment("lettera.zip", make_docx({"word/vbaProject.bin": b"x"})).failure()
    assert (error.reason, error.detected) == ("macro", AttachmentFormat.DOCX)


# --- images -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content"),
    [("foto.png", make_png()), ("foto.jpg", make_jpeg()), ("scan.tiff", make_tiff())],
)
def test_sec7_real_images_are_accepted(filename: str, content: bytes) -> None:
    """SEC-7: images carry no active content of their own."""
    assert isinstance(check_attachment(filename, content), Success)


def test_sec7_a_jpeg_with_script_in_a_comment_is_refused_as_a_polyglot() -> None:
    """SEC-7: markup in a JPEG comment, near the start, is what content sniffing runs."""
    comment = b"<script>fetch('/api/cv').then(r=>r.text()).then(alert)</script>"
    jpeg = make_jpeg()
    content = jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]
    assert check_attachment("foto.jpg", content).failure().reason == "polyglot"


def test_sec7_a_png_with_an_archive_appended_is_refused_as_a_polyglot() -> None:
    """SEC-7: a PNG that is also a ZIP of a program (a "GIFAR")."""
    content = make_png() + make_zip({"Main.class": b"\xca\xfe\xba\xbe"})
    assert check_attachment("foto.png", content).failure().reason == "polyglot"


# --- through the portal ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("cv.pdf", real_looking_pdf(b"/OpenAction<</S/JavaScript/JS(x)>>"), "pdf_javascript"),
        ("lettera.docx", make_docx({"word/vbaProject.bin": vba_project()}), "macro"),
        ("bundle.zip", make_zip({"setup.exe": b"MZ"}), "executable"),
        ("bomb.zip", zip_bomb(), "compression_bomb"),
    ],
    ids=["pdf-js", "docx-macro", "zip-exe", "zip-bomb"],
)
def test_sec7_the_portal_refuses_a_hostile_attachment_and_keeps_nothing(
    filename: str, content: bytes, code: str
) -> None:
    """SEC-7: add_attachment answers the code, stores no bytes, changes no CV."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    error = failure(w.portal.cv.add_attachment(citizen, cv.id, filename=filename, content=content))
    assert error.code == f"cv.attachment.{code}"
    assert w.storage.dump() == before
    assert w.files.keys() == frozenset()


# --- never raises -----------------------------------------------------------------------------

_SAMPLES = [
    ("cv.pdf", real_looking_pdf()),
    ("cv.pdf", make_pdf_document([b"<</Type/Catalog>>", object_stream([(2, b"<</A 1>>")])])),
    ("cv.docx", make_docx()),
    ("cv.zip", make_zip({"a.zip": make_zip({"cv.pdf": real_looking_pdf()})})),
    ("cv.7z", make_7z([("cv.pdf", real_looking_pdf()), ("b.txt", b"b")], encoded_header=[])),
    ("cv.7z", make_7z([("cv.pdf", real_looking_pdf())], coders=[BCJ, LZMA2])),
    ("cv.doc", make_compound_file([("Macros", 1)])),
]


@settings(max_examples=150)
@given(
    sample=st.sampled_from(_SAMPLES),
    cut=st.integers(min_value=1, max_value=MAX_ATTACHMENT_BYTES),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=6),
)
def test_sec7_the_content_checks_never_raise_on_damaged_files(
    sample: tuple[str, bytes], cut: int, flips: list[tuple[int, int]]
) -> None:
    """SEC-7: every parser answers a damaged file with a code, never an exception."""
    filename, original = sample
    content = bytearray(original[:cut])
    for position, value in flips:
        content[position % len(content)] = value
    result = check_attachment(filename, bytes(content))
    match result:
        case Success(fmt):
            assert isinstance(fmt, AttachmentFormat)
        case Failure(error):
            assert error.code.startswith("cv.attachment.")
