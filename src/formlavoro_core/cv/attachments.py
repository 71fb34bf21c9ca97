r"""CV attachments, recognised by their content and not only by their name (CV-10).

A citizen may attach at most :data:`MAX_ATTACHMENTS` files to a CV, each at most
:data:`MAX_ATTACHMENT_BYTES`, in one of the formats of :class:`AttachmentFormat`.
:func:`check_attachment` looks at the bytes themselves (magic numbers, and for Office
files their container structure), then checks that the file name's extension agrees
with what was found, so a program renamed ``cv.pdf`` is refused.

Decisions (CV-10 leaves them open):

- "2 MB" is read as 2 MiB (2,097,152 bytes), exactly that size included.
- ``.tif`` is accepted for TIFF next to the manual's ``.tiff``: same format, both names
  are common, and the content decides anyway.
- Extensions compare case-insensitively (``CV.PDF`` is a PDF name).
- A ``.docx`` is a ZIP archive, so DOCX bytes named ``.zip`` are accepted *as ZIP*; the
  reverse (a plain ZIP named ``.docx``) is refused.
- Recognition is structural, never a full parse: a file whose magic number is right but
  whose body is damaged is accepted as that format. Nothing is decompressed.

>>> check_attachment("cv.pdf", b"%PDF-1.7 ...")
<Success: AttachmentFormat.PDF>
>>> check_attachment("cv.pdf", b"\x89PNG\r\n\x1a\n...").failure().code
'cv.attachment.extension_mismatch'
"""

from __future__ import annotations

import enum
import io
import struct
import unicodedata
import zipfile
from typing import TYPE_CHECKING, Final

import attrs
from returns.result import Failure, Result, Success

from formlavoro_core.errors import DomainError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "MAX_FILENAME_LENGTH",
    "AttachmentFormat",
    "AttachmentRejected",
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


class AttachmentFormat(enum.Enum):
    """A file format a CV attachment may have (CV-10).

    >>> AttachmentFormat.JPEG.media_type
    'image/jpeg'
    >>> sorted(AttachmentFormat.TIFF.extensions)
    ['tif', 'tiff']
    """

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    ZIP = "zip"
    SEVEN_Z = "seven_z"
    DOC = "doc"
    DOCX = "docx"

    @property
    def media_type(self) -> str:
        """The IANA media type to serve the file with."""
        return _MEDIA_TYPES[self]

    @property
    def extensions(self) -> frozenset[str]:
        """The lower-case file-name extensions (without the dot) of this format."""
        return _EXTENSIONS[self]


_MEDIA_TYPES: Final[Mapping[AttachmentFormat, str]] = {
    AttachmentFormat.PDF: "application/pdf",
    AttachmentFormat.PNG: "image/png",
    AttachmentFormat.JPEG: "image/jpeg",
    AttachmentFormat.TIFF: "image/tiff",
    AttachmentFormat.ZIP: "application/zip",
    AttachmentFormat.SEVEN_Z: "application/x-7z-compressed",
    AttachmentFormat.DOC: "application/msword",
    AttachmentFormat.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}

_EXTENSIONS: Final[Mapping[AttachmentFormat, frozenset[str]]] = {
    AttachmentFormat.PDF: frozenset({"pdf"}),
    AttachmentFormat.PNG: frozenset({"png"}),
    AttachmentFormat.JPEG: frozenset({"jpg", "jpeg"}),
    AttachmentFormat.TIFF: frozenset({"tif", "tiff"}),
    AttachmentFormat.ZIP: frozenset({"zip"}),
    AttachmentFormat.SEVEN_Z: frozenset({"7z"}),
    AttachmentFormat.DOC: frozenset({"doc"}),
    AttachmentFormat.DOCX: frozenset({"docx"}),
}

# What else a detected format may be stored as: a DOCX is also a valid ZIP archive.
_ALSO_VALID_AS: Final[Mapping[AttachmentFormat, tuple[AttachmentFormat, ...]]] = {
    AttachmentFormat.DOCX: (AttachmentFormat.ZIP,),
}

_REASONS: Final = frozenset(
    {"empty", "too_large", "unknown_format", "extension_mismatch", "bad_filename"}
)


@attrs.frozen(kw_only=True)
class AttachmentRejected(DomainError):
    """A file that cannot be attached to a CV (CV-10).

    ``reason`` is one of ``empty``, ``too_large``, ``unknown_format``,
    ``extension_mismatch`` and ``bad_filename``; the code is ``cv.attachment.<reason>``.

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
    def message(self) -> str:
        """What is wrong with the file, and what would be accepted."""
        match self.reason:
            case "empty":
                return "The file is empty."
            case "too_large":
                return (
                    f"The file is {self.size} bytes; an attachment may be at most "
                    f"{MAX_ATTACHMENT_BYTES} bytes (2 MB)."
                )
            case "unknown_format":
                return (
                    "The content of the file is not in an accepted format "
                    f"(accepted: {_ACCEPTED_LIST})."
                )
            case "extension_mismatch":
                found = _label(self.detected)
                expected = ", ".join(f".{ext}" for ext in sorted(_names_for(self.detected)))
                return (
                    f"The file's name does not match its content, which is {found}; "
                    f"name it with {expected}."
                )
            case _:
                problem = _filename_problem(self.filename) or "is not acceptable"
                return f"The file name {problem}."


_ACCEPTED_LIST: Final = ", ".join(
    sorted({extension for extensions in _EXTENSIONS.values() for extension in extensions})
)


def _label(detected: AttachmentFormat | None) -> str:
    if detected is None:
        return "unknown"
    return "7z" if detected is AttachmentFormat.SEVEN_Z else detected.name


def _names_for(detected: AttachmentFormat | None) -> frozenset[str]:
    if detected is None:
        return frozenset()
    formats = (detected, *_ALSO_VALID_AS.get(detected, ()))
    return frozenset().union(*(fmt.extensions for fmt in formats))


def check_attachment(filename: str, content: bytes) -> Result[AttachmentFormat, AttachmentRejected]:
    r"""Check one file against CV-10 and tell which format it is stored as.

    The checks run in this order: file name, emptiness, size, format by content,
    agreement between the extension and the content. The answer is the format the
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
    for candidate in (detected, *_ALSO_VALID_AS.get(detected, ())):
        if extension in candidate.extensions:
            return candidate
    return refuse("extension_mismatch", detected)


def _filename_problem(filename: str) -> str | None:
    """Say what is wrong with a file name, or ``None`` when it is acceptable."""
    return next((problem for broken, problem in _FILENAME_RULES if broken(filename)), None)


def _has_no_extension(filename: str) -> bool:
    stem, _, extension = filename.rpartition(".")
    return not stem or not extension


# Checked in order; the first rule a name breaks is the one reported.
_FILENAME_RULES: Final[tuple[tuple[Callable[[str], bool], str], ...]] = (
    (lambda name: not name, "is empty"),
    (
        lambda name: len(name) > MAX_FILENAME_LENGTH,
        f"is longer than {MAX_FILENAME_LENGTH} characters",
    ),
    (lambda name: "/" in name or "\\" in name, "contains a path separator"),
    (lambda name: any(map(_is_control, name)), "contains a control character"),
    (lambda name: name != name.strip(), "starts or ends with white space"),
    (_has_no_extension, "has no extension"),
)


# Bidirectional embeddings, overrides and isolates can make "cv\u202efdp.exe" display
# as "cvexe.pdf"; they have no business in a file name.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(character: str) -> bool:
    # Cc: C0/C1 controls, NUL included; Cs: lone surrogates, which no encoding can store.
    return unicodedata.category(character) in {"Cc", "Cs"} or character in _BIDI_CONTROLS


def detect_format(content: bytes) -> AttachmentFormat | None:
    r"""Recognise an accepted format from the bytes alone (CV-10).

    Magic numbers decide, plus two structural looks: a ZIP is a DOCX when its
    central directory lists ``word/document.xml`` and ``[Content_Types].xml``, and an
    OLE2 compound file is a DOC only when its directory holds a ``WordDocument``
    stream (an Excel or PowerPoint file is not). ZIP members are never decompressed.

    >>> detect_format(b"%PDF-1.7")
    <AttachmentFormat.PDF: 'pdf'>
    >>> detect_format(b"7z\xbc\xaf\x27\x1c\x00\x04")
    <AttachmentFormat.SEVEN_Z: 'seven_z'>
    >>> detect_format(b"MZ\x90\x00") is None
    True
    """
    simple = next(
        (fmt for magic, fmt in _SIMPLE_MAGIC if content.startswith(magic)),
        None,
    )
    if simple is not None:
        return simple
    if _is_jpeg(content):
        return AttachmentFormat.JPEG
    if content.startswith((_ZIP_LOCAL_HEADER, _ZIP_END_OF_DIRECTORY)):
        return AttachmentFormat.DOCX if _is_docx(content) else AttachmentFormat.ZIP
    if content.startswith(_OLE2_SIGNATURE) and _has_word_document_stream(content):
        return AttachmentFormat.DOC
    return None


_SIMPLE_MAGIC: Final[tuple[tuple[bytes, AttachmentFormat], ...]] = (
    (b"%PDF-", AttachmentFormat.PDF),
    (b"\x89PNG\r\n\x1a\n", AttachmentFormat.PNG),
    (b"II*\x00", AttachmentFormat.TIFF),
    (b"MM\x00*", AttachmentFormat.TIFF),
    (b"7z\xbc\xaf\x27\x1c", AttachmentFormat.SEVEN_Z),
)

_JPEG_START: Final = b"\xff\xd8\xff"
_JPEG_LOWEST_MARKER: Final = b"\xc0"
_ZIP_LOCAL_HEADER: Final = b"PK\x03\x04"
_ZIP_END_OF_DIRECTORY: Final = b"PK\x05\x06"  # alone at the start: an empty archive
_DOCX_PARTS: Final = frozenset({"word/document.xml", "[content_types].xml"})

_OLE2_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_HEADER_SIZE: Final = 512
_OLE2_ENTRY_SIZE: Final = 128
_WORD_DOCUMENT_NAME: Final = "WordDocument\x00".encode("utf-16-le")
_OLE2_STREAM: Final = 2

# Everything zipfile may raise on hostile bytes: its own errors, bad seeks and reads
# (ValueError, OSError, EOFError), undecodable names (UnicodeDecodeError is a
# ValueError), short structures (struct.error) and unsupported features.
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    OSError,
    EOFError,
    struct.error,
    NotImplementedError,
    KeyError,
    IndexError,
    OverflowError,
)


def _is_jpeg(content: bytes) -> bool:
    # Start of image, then the first marker (APPn, DQT, SOFn, COM, ...): FF C0..FF.
    return content[:3] == _JPEG_START and content[3:4] >= _JPEG_LOWEST_MARKER


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # OPC part names compare case-insensitively.
            names = {info.filename.casefold() for info in archive.infolist()}
    except _ZIP_ERRORS:
        return False
    return names >= _DOCX_PARTS


def _has_word_document_stream(content: bytes) -> bool:
    # Directory entries are 128 bytes long and sit in sectors of 512 or 4096 bytes after
    # the 512-byte header, so each starts at a multiple of 128. An entry names its
    # object in UTF-16LE (64 bytes), then gives the name's byte length (with the
    # terminator) and the object type; no FAT chain needs to be followed.
    name_length = len(_WORD_DOCUMENT_NAME)
    start = content.find(_WORD_DOCUMENT_NAME, _OLE2_HEADER_SIZE)
    while start != -1:
        entry = content[start : start + _OLE2_ENTRY_SIZE]
        if (
            start % _OLE2_ENTRY_SIZE == 0
            and len(entry) == _OLE2_ENTRY_SIZE
            and int.from_bytes(entry[64:66], "little") == name_length
            and entry[66] == _OLE2_STREAM
        ):
            return True
        start = content.find(_WORD_DOCUMENT_NAME, start + 1)
    return False
