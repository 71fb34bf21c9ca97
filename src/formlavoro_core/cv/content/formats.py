r"""The accepted attachment formats, and what a file's first bytes say it is (CV-10).

:func:`detect_format` recognises the nine extensions' formats from the bytes alone;
:func:`sniff` says what a file found *inside* an archive is: a program, an archive,
an Office compound file, a PDF, or something inert.

>>> detect_format(b"%PDF-1.7")
<AttachmentFormat.PDF: 'pdf'>
>>> sniff(b"MZ\x90\x00")
<ContentKind.EXECUTABLE: 'executable'>
"""

from __future__ import annotations

import enum
import io
import struct
import zipfile
from typing import TYPE_CHECKING, Final

from formlavoro_core.cv.content.ole import OLE2_SIGNATURE, has_word_document_stream

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "HEAD_BYTES",
    "PDF_HEADER_WINDOW",
    "ZIP_ERRORS",
    "AttachmentFormat",
    "ContentKind",
    "detect_format",
    "sniff",
]


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


def detect_format(content: bytes) -> AttachmentFormat | None:
    r"""Recognise an accepted format from the bytes alone (CV-10).

    Magic numbers decide, plus two structural looks: a ZIP is a DOCX when its
    central directory lists ``word/document.xml`` and ``[Content_Types].xml``, and an
    OLE2 compound file is a DOC only when its directory holds a ``WordDocument``
    stream (an Excel or PowerPoint file is not). A PDF's header must open the file:
    readers look for it in the first 1,024 bytes, which is what lets a file be a web
    page and a PDF at once, so a header further in is not a PDF here.

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
    if content.startswith(OLE2_SIGNATURE) and has_word_document_stream(content):
        return AttachmentFormat.DOC
    return None


_PDF_HEADER: Final = b"%PDF-"
_SEVEN_Z_SIGNATURE: Final = b"7z\xbc\xaf\x27\x1c"
_SIMPLE_MAGIC: Final[tuple[tuple[bytes, AttachmentFormat], ...]] = (
    (_PDF_HEADER, AttachmentFormat.PDF),
    (b"\x89PNG\r\n\x1a\n", AttachmentFormat.PNG),
    (b"II*\x00", AttachmentFormat.TIFF),
    (b"MM\x00*", AttachmentFormat.TIFF),
    (_SEVEN_Z_SIGNATURE, AttachmentFormat.SEVEN_Z),
)

_JPEG_START: Final = b"\xff\xd8\xff"
_JPEG_LOWEST_MARKER: Final = b"\xc0"
_ZIP_LOCAL_HEADER: Final = b"PK\x03\x04"
_ZIP_END_OF_DIRECTORY: Final = b"PK\x05\x06"  # alone at the start: an empty archive
_DOCX_PARTS: Final = frozenset({"word/document.xml", "[content_types].xml"})

ZIP_ERRORS: Final = (
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
"""Everything :mod:`zipfile` may raise on hostile bytes: its own errors, bad seeks and
reads, undecodable names (``UnicodeDecodeError`` is a ``ValueError``), short structures
and unsupported features."""


def _is_jpeg(content: bytes) -> bool:
    # Start of image, then the first marker (APPn, DQT, SOFn, COM, ...): FF C0..FF.
    return content[:3] == _JPEG_START and content[3:4] >= _JPEG_LOWEST_MARKER


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # OPC part names compare case-insensitively.
            names = {info.filename.casefold() for info in archive.infolist()}
    except ZIP_ERRORS:
        return False
    return names >= _DOCX_PARTS


# --- what a file inside an archive is ------------------------------------------------

HEAD_BYTES: Final = 1024
"""How much of a file :func:`sniff` reads: PDF readers' header window, tar's magic."""

PDF_HEADER_WINDOW: Final = 1024
"""Where PDF readers look for ``%PDF-``."""


class ContentKind(enum.Enum):
    """What the first bytes of a file found inside an archive say it is."""

    EXECUTABLE = "executable"
    ZIP = "zip"
    SEVEN_Z = "seven_z"
    OLE = "ole"
    PDF = "pdf"
    OTHER_ARCHIVE = "other_archive"
    INERT = "inert"


_EXECUTABLE_MAGIC: Final = (
    b"MZ",  # DOS and Windows programs and libraries (PE)
    b"\x7fELF",  # Linux and Unix programs
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # universal Mach-O, and Java classes
    b"#!",  # scripts naming their interpreter
    b"L\x00\x00\x00\x01\x14\x02\x00",  # Windows shortcuts (.lnk)
    b"dex\n",  # Android bytecode
)

_OTHER_ARCHIVE_MAGIC: Final = (
    b"Rar!\x1a\x07",  # RAR 4 and 5
    b"\x1f\x8b",  # gzip
    b"\xfd7zXZ\x00",  # xz
    b"\x28\xb5\x2f\xfd",  # Zstandard
    b"MSCF\x00\x00\x00\x00",  # Windows cabinet
    b"LZIP",
    b"PK\x07\x08",  # a split or spanned ZIP
    b"\x60\xea",  # ARJ
)
_BZIP2_MAGIC: Final = b"BZh"
_TAR_MAGIC: Final = b"ustar"
_TAR_MAGIC_OFFSET: Final = 257


def sniff(head: bytes) -> ContentKind:
    r"""Say what a file is from its first :data:`HEAD_BYTES` bytes.

    >>> sniff(b"%PDF-1.4"), sniff(b"PK\x03\x04"), sniff(b"hello")
    (<ContentKind.PDF: 'pdf'>, <ContentKind.ZIP: 'zip'>, <ContentKind.INERT: 'inert'>)
    """
    return next((kind for test, kind in _SNIFFERS if test(head)), ContentKind.INERT)


def _is_other_archive(head: bytes) -> bool:
    return (
        head.startswith(_OTHER_ARCHIVE_MAGIC)
        or (head.startswith(_BZIP2_MAGIC) and head[3:4].isdigit())
        or head[_TAR_MAGIC_OFFSET : _TAR_MAGIC_OFFSET + len(_TAR_MAGIC)] == _TAR_MAGIC
    )


# Checked in order: a program first, whatever else its bytes could be.
_SNIFFERS: Final[tuple[tuple[Callable[[bytes], bool], ContentKind], ...]] = (
    (lambda head: head.startswith(_EXECUTABLE_MAGIC), ContentKind.EXECUTABLE),
    (lambda head: head.startswith((_ZIP_LOCAL_HEADER, _ZIP_END_OF_DIRECTORY)), ContentKind.ZIP),
    (lambda head: head.startswith(_SEVEN_Z_SIGNATURE), ContentKind.SEVEN_Z),
    (lambda head: head.startswith(OLE2_SIGNATURE), ContentKind.OLE),
    (_is_other_archive, ContentKind.OTHER_ARCHIVE),
    (lambda head: _PDF_HEADER in head[: PDF_HEADER_WINDOW + len(_PDF_HEADER)], ContentKind.PDF),
)
