"""CV-10: checking an attachment never raises, whatever the name and the bytes.

Arbitrary bytes, bytes behind a known magic number, and real files cut short or with
bytes changed: each answer is a format whose extension matches, or a refusal with its
code, message and size.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from formlavoro_core.cv.attachments import MAX_ATTACHMENT_BYTES, check_attachment
from tests.core.cv.minimal_files import NINE_EXTENSIONS, make_ole2

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
