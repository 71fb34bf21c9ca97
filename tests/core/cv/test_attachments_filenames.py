"""CV-10: an attachment's file name is checked before its content, the problem named.

Empty, overlong, with a path separator, a control character, white space at either end,
or no extension: refused. Unicode, inner dots and spaces are fine.
"""

from __future__ import annotations

import pytest
from returns.result import Success

from formlavoro_core.cv.attachments import AttachmentFormat, check_attachment
from tests.core.cv.minimal_files import make_pdf

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
