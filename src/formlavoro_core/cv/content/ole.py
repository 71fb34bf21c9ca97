r"""OLE2 compound files (Word 97 ``.doc``, and the Office objects inside archives).

A compound file is a small file system: a directory of 128-byte entries (storages
and streams), each named in UTF-16. Everything here reads directory entries where
they can sit (at multiples of 128 bytes after the 512-byte header) without following
the sector chains: an entry found anywhere it could be is taken into account, so a
hostile file cannot hide one by breaking the chains (fail closed).

Refused (SEC-7):

- macros: a storage or stream named ``Macros`` (Word), ``_VBA_PROJECT_CUR`` (Excel),
  ``VBA`` or ``_VBA_PROJECT`` (any VBA project), names compared case-insensitively as
  Office compares them;
- encryption: a Word document whose File Information Block says ``fEncrypted``, or an
  ``EncryptionInfo``/``EncryptedPackage`` stream (a password-protected Office file);
- packaged files: an ``\x01Ole10Native`` stream, how Office embeds any file (a
  program too) to be opened from the document.

What is not seen: macros that PowerPoint 97 keeps inside its document stream and Excel
4.0 macro sheets, which need the streams themselves parsed.
"""

from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING, Final

from formlavoro_core.cv.content.hazards import Hazard

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["OLE2_SIGNATURE", "has_word_document_stream", "inspect_ole"]

OLE2_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_HEADER_SIZE: Final = 512
_ENTRY_SIZE: Final = 128
_STORAGE: Final = 1
_STREAM: Final = 2
_WORD_IDENT: Final = 0xA5EC
_F_ENCRYPTED: Final = 0x0100

_WORD_DOCUMENT: Final = "WORDDOCUMENT"
_HAZARDOUS_NAMES: Final[Mapping[str, Hazard]] = {
    "MACROS": Hazard.MACRO,
    "_VBA_PROJECT_CUR": Hazard.MACRO,
    "_VBA_PROJECT": Hazard.MACRO,
    "VBA": Hazard.MACRO,
    "ENCRYPTIONINFO": Hazard.ENCRYPTED,
    "ENCRYPTEDPACKAGE": Hazard.ENCRYPTED,
    "\x01OLE10NATIVE": Hazard.EMBEDDED_FILE,
}


def _utf16_pattern(names: list[str]) -> re.Pattern[bytes]:
    # A name is stored in UTF-16LE and ends with a NUL character. The look-ahead makes
    # matches overlap, so a decoy just before an entry cannot swallow it.
    alternatives = b"|".join(
        b"".join(re.escape(char.encode("ascii")) + b"\x00" for char in name) + b"\x00\x00"
        for name in sorted(names, key=len, reverse=True)
    )
    return re.compile(b"(?=(" + alternatives + b"))", re.IGNORECASE)


_NAMES: Final = _utf16_pattern([_WORD_DOCUMENT, *_HAZARDOUS_NAMES])


def _entries(content: bytes) -> Iterator[tuple[str, int]]:
    """Yield (upper-case name, offset) of every directory entry of interest."""
    for match in _NAMES.finditer(content, _HEADER_SIZE):
        start = match.start()
        encoded = match.group(1)
        entry = content[start : start + _ENTRY_SIZE]
        if (
            start % _ENTRY_SIZE == 0
            and len(entry) == _ENTRY_SIZE
            and int.from_bytes(entry[64:66], "little") == len(encoded)
            and entry[66] in {_STORAGE, _STREAM}
        ):
            yield encoded[:-2].decode("utf-16-le").upper(), start


def has_word_document_stream(content: bytes) -> bool:
    """Whether a compound file holds a ``WordDocument`` stream (it is a Word file)."""
    return any(name == _WORD_DOCUMENT for name, _ in _entries(content))


def inspect_ole(content: bytes) -> Hazard | None:
    """Refuse a compound file holding macros, encryption or packaged files (SEC-7)."""
    for name, offset in _entries(content):
        hazard = _HAZARDOUS_NAMES.get(name)
        if hazard is not None:
            return hazard
        if name == _WORD_DOCUMENT and _word_is_encrypted(content, offset):
            return Hazard.ENCRYPTED
    return None


def _word_is_encrypted(content: bytes, entry: int) -> bool:
    """Read ``fEncrypted`` in the File Information Block, at the stream's start."""
    try:
        (shift,) = struct.unpack_from("<H", content, 30)
        (cutoff,) = struct.unpack_from("<I", content, 56)
        first_sector, size = struct.unpack_from("<II", content, entry + 116)
        if shift not in {9, 12} or size < cutoff:
            return False  # a WordDocument stream is never that small
        fib = (first_sector + 1) << shift
        (ident,) = struct.unpack_from("<H", content, fib)
        (flags,) = struct.unpack_from("<H", content, fib + 10)
    except struct.error:
        return False
    return ident == _WORD_IDENT and bool(flags & _F_ENCRYPTED)
