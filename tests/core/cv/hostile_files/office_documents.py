"""Office files for the SEC-7 tests: OLE2 compound files and Office Open XML packages.

Compound files are Word 97 documents (encrypted or not) and VBA projects; the Open XML
packages are Word documents, macro-enabled or not.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from tests.core.cv.hostile_files.zip_archives import make_zip

# --- OLE2 compound files --------------------------------------------------------------

_FREE = 0xFFFFFFFF
_END_OF_CHAIN = 0xFFFFFFFE
_FAT_SECTOR = 0xFFFFFFFD
_SECTOR = 512
STORAGE, STREAM, ROOT = 1, 2, 5


def _directory_entry(
    name: str, kind: int, *, sibling: int = _FREE, child: int = _FREE, start: int = 0, size: int = 0
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, sibling, child)
        + b"\x00" * 16
        + struct.pack("<IQQ", 0, 0, 0)
        + struct.pack("<IQ", start, size)
    )


def make_compound_file(
    entries: Sequence[tuple[str, int]] = (), *, word_flags: int | None = 0
) -> bytes:
    """A version-3 compound file: a Word 97 document unless ``word_flags`` is None.

    Args:
        entries: More storages and streams (name, kind), all children of the root.
        word_flags: The flags word of the WordDocument stream's File Information
            Block (``0x0100`` is fEncrypted); ``None`` leaves the stream out.
    """
    named = ([("WordDocument", STREAM)] if word_flags is not None else []) + list(entries)
    directory_sectors = (len(named) + 1 + 3) // 4
    stream_sectors = 8 if word_flags is not None else 0
    first_stream = 1 + directory_sectors
    fat = [_FAT_SECTOR]
    fat += [*range(2, 1 + directory_sectors), _END_OF_CHAIN]
    fat += [*range(first_stream + 1, first_stream + stream_sectors), _END_OF_CHAIN][:stream_sectors]
    fat += [_FREE] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)
        + struct.pack("<IIIII", 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    records = [_directory_entry("Root Entry", ROOT, child=1 if named else _FREE)]
    for index, (name, kind) in enumerate(named, start=1):
        sibling = index + 1 if index < len(named) else _FREE
        is_word = name == "WordDocument" and word_flags is not None
        records.append(
            _directory_entry(
                name,
                kind,
                sibling=sibling,
                start=first_stream if is_word else _END_OF_CHAIN,
                size=4096 if is_word else 0,
            )
        )
    records += [b"\x00" * 128] * (directory_sectors * 4 - len(records))
    stream = b""
    if word_flags is not None:
        fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0410, 0, word_flags)
        stream = fib.ljust(4096, b"\x00")
    return header + struct.pack("<128I", *fat) + b"".join(records) + stream


def vba_project() -> bytes:
    """The ``vbaProject.bin`` of a macro-enabled Office file: a VBA storage."""
    return make_compound_file(
        [("VBA", STORAGE), ("_VBA_PROJECT", STREAM), ("dir", STREAM), ("PROJECT", STREAM)],
        word_flags=None,
    )


# --- Office Open XML -------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="png" ContentType="image/png"/>'
    b'<Override PartName="/word/document.xml" ContentType="%s"/>'
    b"%s</Types>"
)
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_DOCUMENT_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def make_docx(
    parts: dict[str, bytes] | None = None,
    *,
    main_type: bytes = DOCUMENT_TYPE,
    overrides: bytes = b"",
) -> bytes:
    """A Word document with its package parts, styles, an image and properties."""
    members = {
        "[Content_Types].xml": CONTENT_TYPES % (main_type, overrides),
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="'
        b'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        b' Target="word/document.xml"/></Relationships>',
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="'
        b'http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Curriculum vitae</w:t></w:r></w:p></w:body></w:document>",
        "word/styles.xml": b'<?xml version="1.0"?><w:styles/>' + b" " * 2000,
        "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "docProps/core.xml": b'<?xml version="1.0"?><cp:coreProperties/>',
    }
    members.update(parts or {})
    return make_zip(members)
