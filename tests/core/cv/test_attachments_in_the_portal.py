"""Attachments through the portal: limits, storage of the bytes, clean failures (CV-10)."""

from __future__ import annotations

from formlavoro_core.cv.attachments import AttachmentFormat
from formlavoro_core.cv.failures import TooManyAttachments
from formlavoro_core.ids import AttachmentId
from formlavoro_core.principals import ANONYMOUS
from tests.core.cv.minimal_files import make_docx, make_pdf, make_png
from tests.support import MARIO, failure, ok, world


def test_cv_10_an_attachment_is_stored_and_read_back_by_its_owner() -> None:
    """CV-10: an attachment is stored and read back by its owner."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    ref = ok(
        w.portal.cv.add_attachment(citizen, cv.id, filename="Curriculum.pdf", content=make_pdf())
    )
    assert (ref.filename, ref.format, ref.size) == (
        "Curriculum.pdf",
        AttachmentFormat.PDF,
        len(make_pdf()),
    )
    assert ok(w.portal.cv.get(citizen, cv.id)).attachments == (ref,)
    assert ok(w.portal.cv.attachment_content(citizen, cv.id, ref.id)) == make_pdf()


def test_cv_10_at_most_three_attachments() -> None:
    """CV-10: at most three attachments."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    for name, content in (("a.pdf", make_pdf()), ("b.png", make_png()), ("c.docx", make_docx())):
        ok(w.portal.cv.add_attachment(citizen, cv.id, filename=name, content=content))
    before, files = w.storage.dump(), w.files.keys()
    error = failure(
        w.portal.cv.add_attachment(citizen, cv.id, filename="d.pdf", content=make_pdf())
    )
    assert error == TooManyAttachments(limit=3)
    assert (w.storage.dump(), w.files.keys()) == (before, files)


def test_cv_10_a_pdf_name_on_png_bytes_is_refused_and_nothing_is_kept() -> None:
    """CV-10: a pdf name on png bytes is refused and nothing is kept."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    before = w.storage.dump()
    error = failure(
        w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=make_png())
    )
    assert error.code == "cv.attachment.extension_mismatch"
    assert w.storage.dump() == before
    assert w.files.keys() == frozenset()


def test_cv_10_removing_an_attachment_deletes_its_bytes() -> None:
    """CV-10: removing an attachment deletes its bytes."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    ref = ok(w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=make_pdf()))
    assert w.files.keys() == {ref.file_key}
    cv = ok(w.portal.cv.remove_attachment(citizen, cv.id, ref.id))
    assert cv.attachments == ()
    assert w.files.keys() == frozenset()
    assert (
        failure(w.portal.cv.attachment_content(citizen, cv.id, ref.id)).code
        == "attachment.not_found"
    )
    assert (
        failure(w.portal.cv.remove_attachment(citizen, cv.id, ref.id)).code
        == "attachment.not_found"
    )


def test_cv_10_another_citizen_cannot_add_read_or_remove_attachments() -> None:
    """CV-10: another citizen cannot add read or remove attachments."""
    w = world()
    citizen, cv = w.citizen_with_cv()
    ref = ok(w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=make_pdf()))
    stranger = w.login(MARIO)
    assert failure(w.portal.cv.attachment_content(stranger, cv.id, ref.id)).code == "cv.not_found"
    assert failure(w.portal.cv.remove_attachment(stranger, cv.id, ref.id)).code == "cv.not_found"
    result = w.portal.cv.add_attachment(stranger, cv.id, filename="x.pdf", content=make_pdf())
    assert failure(result).code == "cv.not_found"
    assert w.files.keys() == {ref.file_key}
    assert ok(w.portal.cv.attachment_content(citizen, cv.id, ref.id)) == make_pdf()
    assert (
        failure(w.portal.cv.attachment_content(citizen, cv.id, AttachmentId("nope"))).code
        == "attachment.not_found"
    )


def test_cv_10_an_anonymous_upload_is_forbidden_before_the_file_is_looked_at() -> None:
    """CV-10: who may upload is checked before what is uploaded."""
    w = world()
    _, cv = w.citizen_with_cv()
    result = w.portal.cv.add_attachment(ANONYMOUS, cv.id, filename="cv.pdf", content=b"")
    assert failure(result).code == "access.forbidden"
