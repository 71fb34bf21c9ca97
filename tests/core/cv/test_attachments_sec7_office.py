"""SEC-7: Office files carrying macros, ActiveX, encryption or packaged files are refused."""

from __future__ import annotations

import pytest
from returns.result import Success

from formlavoro_core.cv.attachments import AttachmentFormat, check_attachment
from tests.core.cv.hostile_files.office_documents import (
    MACRO_DOCUMENT_TYPE,
    STORAGE,
    STREAM,
    make_compound_file,
    make_docx,
    vba_project,
)
from tests.core.cv.hostile_files.zip_archives import make_zip

_VBA_OVERRIDE = (
    b'<Override PartName="/word/vbaProject.bin" '
    b'ContentType="application/vnd.ms-office.vbaProject"/>'
)


def reason(content: bytes, filename: str) -> str:
    result = check_attachment(filename, content)
    assert not isinstance(result, Success), f"{filename} was accepted"
    return str(result.failure().reason)


# --- accepted -------------------------------------------------------------------------


def test_sec7_a_docx_without_macros_is_accepted() -> None:
    """SEC-7: a Word document with styles, an image and properties passes."""
    assert check_attachment("cv.docx", make_docx()) == Success(AttachmentFormat.DOCX)


def test_sec7_a_doc_without_macros_is_accepted() -> None:
    """SEC-7: a Word 97 document, its File Information Block unencrypted, passes."""
    content = make_compound_file([("1Table", STREAM), ("\x05SummaryInformation", STREAM)])
    assert check_attachment("cv.doc", content) == Success(AttachmentFormat.DOC)


# --- macros ---------------------------------------------------------------------------


def test_sec7_a_macro_enabled_document_renamed_docx_is_refused() -> None:
    """SEC-7: a .docm renamed .docx: its content type, relationship and VBA project."""
    content = make_docx(
        {
            "word/vbaProject.bin": vba_project(),
            "word/_rels/vbaProject.bin.rels": b"<Relationships/>",
        },
        main_type=MACRO_DOCUMENT_TYPE,
        overrides=_VBA_OVERRIDE,
    )
    assert reason(content, "cv.docx") == "macro"


def test_sec7_a_vba_project_part_alone_is_refused() -> None:
    """SEC-7: the part's name is enough, wherever it sits."""
    content = make_docx({"word/VBAPROJECT.BIN": b"\x00" * 100})
    assert reason(content, "cv.docx") == "macro"


def test_sec7_a_macro_enabled_content_type_alone_is_refused() -> None:
    """SEC-7: [Content_Types].xml declaring a macro-enabled document."""
    assert reason(make_docx(main_type=MACRO_DOCUMENT_TYPE), "cv.docx") == "macro"


def test_sec7_activex_controls_are_refused() -> None:
    """SEC-7: ActiveX controls run code as macros do."""
    override = (
        b'<Override PartName="/word/activeX/activeX1.xml" '
        b'ContentType="application/vnd.ms-office.activeX+xml"/>'
    )
    content = make_docx({"word/activeX/activeX1.xml": b"<ax/>"}, overrides=override)
    assert reason(content, "cv.docx") == "macro"


def test_sec7_an_embedded_object_with_macros_is_refused() -> None:
    """SEC-7: an OLE object inside a DOCX is a compound file, looked into."""
    content = make_docx({"word/embeddings/oleObject1.bin": vba_project()})
    assert reason(content, "cv.docx") == "macro"


@pytest.mark.parametrize("name", ["lettera.docm", "tabella.xlsm", "slides.ppsm", "addin.xla"])
def test_sec7_macro_enabled_office_files_inside_a_zip_are_refused(name: str) -> None:
    """SEC-7: these kinds exist to carry macros."""
    assert reason(make_zip({name: b"PK\x05\x06" + bytes(18)}), "bundle.zip") == "macro"


def test_sec7_an_opendocument_file_with_basic_macros_is_refused() -> None:
    """SEC-7: OpenDocument keeps macros under Basic/ (and Scripts/)."""
    odt = make_zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "Basic/Standard/Module1.xml": b"<script:module/>",
        }
    )
    assert reason(make_zip({"cv.odt": odt}), "bundle.zip") == "macro"


@pytest.mark.parametrize("storage", ["Macros", "_VBA_PROJECT_CUR", "VBA", "macros", "_vba_project"])
def test_sec7_a_doc_with_macros_is_refused(storage: str) -> None:
    """SEC-7: Word keeps macros in a Macros storage, Excel in _VBA_PROJECT_CUR;
    names compare case-insensitively, as Office compares them."""
    content = make_compound_file([(storage, STORAGE), ("PROJECT", STREAM)])
    assert reason(content, "cv.doc") == "macro"


# --- encryption and packaged files --------------------------------------------------------


def test_sec7_an_encrypted_doc_is_refused() -> None:
    """SEC-7 decision: fEncrypted in the File Information Block: cannot be checked."""
    assert reason(make_compound_file(word_flags=0x0100), "cv.doc") == "encrypted"


def test_sec7_a_password_protected_ooxml_file_inside_a_zip_is_refused() -> None:
    """SEC-7: Office wraps a password-protected DOCX in a compound file."""
    protected = make_compound_file(
        [("EncryptionInfo", STREAM), ("EncryptedPackage", STREAM)], word_flags=None
    )
    assert reason(make_zip({"cv.docx": protected}), "bundle.zip") == "encrypted"


def test_sec7_a_doc_with_a_packaged_file_is_refused() -> None:
    """SEC-7: an Ole10Native stream embeds any file, a program too, to open from it."""
    content = make_compound_file([("ObjectPool", STORAGE), ("\x01Ole10Native", STREAM)])
    assert reason(content, "cv.doc") == "embedded_file"
