r"""CV attachments, recognised by their content and not only by their name (CV-10, SEC-7).

A citizen may attach at most :data:`MAX_ATTACHMENTS` files to a CV, each at most
:data:`MAX_ATTACHMENT_BYTES`, in one of the formats of :class:`AttachmentFormat`.
:func:`check_attachment` looks at the bytes themselves (magic numbers, and for Office
files their container structure), checks that the file name's extension agrees with
what was found, so a program renamed ``cv.pdf`` is refused, and then looks inside the
content for what makes a file hostile (SEC-7): scripts and launch actions in PDFs,
macros in Office files, programs and bombs in archives, polyglots. Each hostile kind
has its own code (:class:`~formlavoro_core.cv.content.hazards.Hazard`); the checks
live in :mod:`formlavoro_core.cv.content`.

Decisions (CV-10 leaves them open):

- "2 MB" is read as 2 MiB (2,097,152 bytes), exactly that size included.
- ``.tif`` is accepted for TIFF next to the manual's ``.tiff``: same format, both names
  are common, and the content decides anyway.
- Extensions compare case-insensitively (``CV.PDF`` is a PDF name).
- A ``.docx`` is a ZIP archive, so DOCX bytes named ``.zip`` are accepted *as ZIP*; the
  reverse (a plain ZIP named ``.docx``) is refused. DOCX bytes are checked for macros
  whatever they are named.

Decisions for SEC-7, and why the checks stay in the core on the standard library
rather than behind a port with pypdf or olefile:

- The checks are structural and bounded, and that is what the standard library gives:
  :mod:`zipfile` reads a central directory without extracting, :mod:`zlib`,
  :mod:`lzma` and :mod:`bz2` decode with a cap on output, :mod:`struct` reads 7z
  and OLE2 headers. A full parser is the wrong tool for hostile input: pypdf follows
  a PDF's cross-reference table, which an attacker can make disagree with what a
  reader recovers, and would decode every stream; a search of all of a file's text
  for active names cannot be steered that way and is cheaper. In the core, every
  portal gets the checks, with no extra to forget.
- Whatever cannot be read cannot be checked, so it is refused (fail closed):
  encrypted archives, PDFs and Office files (``encrypted``), damaged or inconsistent
  archives, compression methods outside the standard library, a 7z whose encoded
  header cannot be decoded (``unreadable``). A damaged PDF or image is still accepted
  when nothing active is found in it.
- A PDF's header must be at offset 0 (readers accept it within 1,024 bytes; that
  leeway is what polyglots use, and every writer puts it first).

>>> check_attachment("cv.pdf", b"%PDF-1.7 ...")
<Success: AttachmentFormat.PDF>
>>> check_attachment("cv.pdf", b"\x89PNG\r\n\x1a\n...").failure().code
'cv.attachment.extension_mismatch'
>>> check_attachment("cv.pdf", b"%PDF-1.7\n1 0 obj<</OpenAction<</S/JavaScript>>>>").failure().code
'cv.attachment.pdf_javascript'
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Final

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.cv.content.formats import AttachmentFormat, detect_format
from formlavoro_core.cv.content.hazards import Hazard
from formlavoro_core.cv.content.inspection import inspect_content
from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _, _p

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_FILENAME_LENGTH",
    "AttachmentFormat",
    "AttachmentRejected",
    "Hazard",
    "check_attachment",
    "classify_attachment",
    "detect_format",
]

MAX_ATTACHMENTS: Final = 3
"""How many attachments one CV may hold (CV-10)."""

MAX_ATTACHMENT_BYTES: Final = 2 * 1024 * 1024
"""The manual's "2 MB", read as 2 MiB; a file of exactly this size is accepted."""

MAX_FILENAME_LENGTH: Final = 255
"""Longest accepted file name, in characters (the usual file-system limit)."""


# What else a detected format may be stored as: a DOCX is also a valid ZIP archive.
_ALSO_VALID_AS: Final[Mapping[AttachmentFormat, tuple[AttachmentFormat, ...]]] = {
    AttachmentFormat.DOCX: (AttachmentFormat.ZIP,),
}

_REASONS: Final = frozenset(
    {"empty", "too_large", "unknown_format", "extension_mismatch", "bad_filename"}
) | frozenset(hazard.value for hazard in Hazard)


@attrs.frozen(kw_only=True)
class AttachmentRejected(DomainError):
    """A file that cannot be attached to a CV (CV-10).

    ``reason`` is one of ``empty``, ``too_large``, ``unknown_format``,
    ``extension_mismatch`` and ``bad_filename``, or the value of a
    :class:`~formlavoro_core.cv.content.hazards.Hazard` (SEC-7: ``pdf_javascript``,
    ``macro``, ``compression_bomb``, ...); the code is ``cv.attachment.<reason>``.
    The messages of the SEC-7 reasons do not repeat the file name.

    ``filename`` is the name as uploaded, for the caller who sent several files at once;
    it is citizen text ("CV Mario Rossi.pdf"), so it stays out of the ``message``,
    the ``repr`` and ``to_dict()`` (SEC-5).

    >>> error = AttachmentRejected(reason="empty", filename="cv.pdf", size=0, detected=None)
    >>> error.code
    'cv.attachment.empty'
    >>> error.message
    'The file is empty.'
    """

    reason: str = attrs.field(validator=attrs.validators.in_(_REASONS))
    filename: str = attrs.field(repr=False)
    size: int
    detected: AttachmentFormat | None

    @property
    def code(self) -> str:
        """``cv.attachment.<reason>``, e.g. ``cv.attachment.too_large``."""
        return f"cv.attachment.{self.reason}"

    @property
    def text(self) -> Text:
        """What is wrong with the file, and what would be accepted."""
        match self.reason:
            case "empty":
                return _("The file is empty.")
            case "too_large":
                return _(
                    "The file is {size} bytes; an attachment may be at most {limit} bytes (2 MB).",
                    size=self.size,
                    limit=MAX_ATTACHMENT_BYTES,
                )
            case "unknown_format":
                return _(
                    "The content of the file is not in an accepted format (accepted: {accepted}).",
                    accepted=_ACCEPTED_LIST,
                )
            case "extension_mismatch":
                found = _label(self.detected)
                expected = ", ".join(f".{ext}" for ext in sorted(_names_for(self.detected)))
                return _(
                    "The file's name does not match its content, which is {found}; "
                    "name it with {expected}.",
                    found=found,
                    expected=expected,
                )
            case "bad_filename":
                problem = _filename_problem(self.filename) or _("is not acceptable")
                return _("The file name {problem}.", problem=problem)
            case reason:
                return _("The file was refused: {why}.", why=Hazard(reason).text)


_ACCEPTED_LIST: Final = ", ".join(
    sorted({extension for fmt in AttachmentFormat for extension in fmt.extensions})
)


def _label(detected: AttachmentFormat | None) -> str | Text:
    if detected is None:
        return _p("file format", "unknown")
    return "7z" if detected is AttachmentFormat.SEVEN_Z else detected.name


def _names_for(detected: AttachmentFormat | None) -> frozenset[str]:
    if detected is None:
        return frozenset()
    formats = (detected, *_ALSO_VALID_AS.get(detected, ()))
    return frozenset().union(*(fmt.extensions for fmt in formats))


def check_attachment(filename: str, content: bytes) -> Result[AttachmentFormat, AttachmentRejected]:
    r"""Check one file against CV-10 and tell which format it is stored as.

    The checks run in this order: file name, emptiness, size, format by content,
    agreement between the extension and the content, hostile content (SEC-7, checked
    as the format found, so DOCX bytes named ``.zip`` are checked for macros). The
    answer is the format the
    file's name selects among those its content is valid as (DOCX bytes named
    ``.zip`` give :attr:`AttachmentFormat.ZIP`). It never raises, whatever the input.

    Args:
        filename: The name the citizen uploaded, without any directory part.
        content: The whole file.

    Returns:
        ``Success`` with the format, or ``Failure`` with the reason for refusing it.

    >>> check_attachment("photo.JPG", b"\xff\xd8\xff\xe0rest")
    <Success: AttachmentFormat.JPEG>
    >>> check_attachment("../cv.pdf", b"%PDF-1.4").failure().reason
    'bad_filename'
    >>> check_attachment("cv.pdf", b"").failure().reason
    'empty'
    """
    outcome = classify_attachment(filename, content)
    return Failure(outcome) if isinstance(outcome, AttachmentRejected) else Success(outcome)


def classify_attachment(filename: str, content: bytes) -> AttachmentFormat | AttachmentRejected:
    """Like :func:`check_attachment`, returning the format or the refusal itself."""
    size = len(content)

    def refuse(reason: str, detected: AttachmentFormat | None = None) -> AttachmentRejected:
        return AttachmentRejected(reason=reason, filename=filename, size=size, detected=detected)

    if _filename_problem(filename) is not None:
        return refuse("bad_filename")
    if size == 0:
        return refuse("empty")
    if size > MAX_ATTACHMENT_BYTES:
        return refuse("too_large")
    detected = detect_format(content)
    if detected is None:
        return refuse("unknown_format")
    extension = filename.rpartition(".")[2].lower()
    stored_as = next(
        (
            candidate
            for candidate in (detected, *_ALSO_VALID_AS.get(detected, ()))
            if extension in candidate.extensions
        ),
        None,
    )
    if stored_as is None:
        return refuse("extension_mismatch", detected)
    hazard = inspect_content(detected, content)
    return stored_as if hazard is None else refuse(hazard.value, detected)


def _filename_problem(filename: str) -> Text | None:
    """Say what is wrong with a file name, or ``None`` when it is acceptable."""
    return next((problem for broken, problem in _FILENAME_RULES if broken(filename)), None)


def _has_no_extension(filename: str) -> bool:
    stem, _, extension = filename.rpartition(".")
    return not stem or not extension


# Checked in order; the first rule a name breaks is the one reported.
_FILENAME_RULES: Final[tuple[tuple[Callable[[str], bool], Text], ...]] = (
    (lambda name: not name, _("is empty")),
    (
        lambda name: len(name) > MAX_FILENAME_LENGTH,
        _("is longer than {count} characters", count=MAX_FILENAME_LENGTH),
    ),
    (lambda name: "/" in name or "\\" in name, _("contains a path separator")),
    (lambda name: any(map(_is_control, name)), _("contains a control character")),
    (lambda name: name != name.strip(), _("starts or ends with white space")),
    (_has_no_extension, _("has no extension")),
)


# Bidirectional embeddings, overrides and isolates can make "cv\u202efdp.exe" display
# as "cvexe.pdf"; they have no business in a file name.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(character: str) -> bool:
    # Cc: C0/C1 controls, NUL included; Cs: lone surrogates, which no encoding can store.
    return unicodedata.category(character) in {"Cc", "Cs"} or character in _BIDI_CONTROLS
