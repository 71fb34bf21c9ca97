"""ZIP archives (and the Office Open XML files built on them), checked by content (SEC-7).

The central directory is read with :mod:`zipfile` (nothing is extracted); then every
entry is checked in this order, and the first problem is the answer:

1. the directory: at most :data:`~hazards.MAX_ENTRIES` entries; no encrypted entry
   (its bytes could not be checked); only the Stored and Deflate methods (every
   archiver writes them; other methods cannot be decoded here within bounds); names,
   including the Unicode-path extra field some extractors prefer, judged by
   :func:`~names.name_hazard`; no symbolic links; the declared sizes within the
   budget and the ratio bounds of :mod:`hazards`;
2. the layout: each entry's local header agrees with the directory, and the entries
   tile the file from its first byte to the directory without overlapping (an
   overlap is how non-recursive zip bombs reuse one compressed kernel) and without
   gaps (where an entry that only streaming extractors see could hide);
3. the bytes: every entry is decoded once with a hard cap of its declared size plus
   one byte, so a size that lies is caught without inflating the rest; its first
   bytes are sniffed (a program is refused whatever its name), and archives, Office
   compound files and PDFs inside are looked into by the :class:`~entries.Inspector`;
4. Office content: a ``[Content_Types].xml`` declaring a macro-enabled document, a VBA
   project or ActiveX controls, and an OpenDocument file with ``Basic/`` or
   ``Scripts/`` macros, are refused.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_core.cv.content.entries import EntryData
from formlavoro_core.cv.content.formats import ZIP_ERRORS
from formlavoro_core.cv.content.hazards import MAX_RATIO, RATIO_FLOOR_BYTES, Hazard
from formlavoro_core.cv.content.names import name_hazard
from formlavoro_core.cv.content.streams import Codec, Method, expand

if TYPE_CHECKING:
    from collections.abc import Iterator

    from formlavoro_core.cv.content.entries import Inspector

__all__ = ["inspect_zip"]

_CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
_LOCAL_SIGNATURE: Final = b"PK\x03\x04"
_LOCAL_HEADER: Final = struct.Struct("<4sHHHHHIIIHH")
_UNICODE_PATH_FIELD: Final = 0x7075
_ENCRYPTED_FLAGS: Final = 0x0001 | 0x0040 | 0x2000  # traditional, strong, directory
_UTF8_FLAG: Final = 0x0800
_AES_METHOD: Final = 99
_METHODS: Final = {zipfile.ZIP_STORED: Method.STORED, zipfile.ZIP_DEFLATED: Method.DEFLATE}
_UNIX: Final = 3
_FILE_TYPE_MASK: Final = 0o170000
_SYMLINK: Final = 0o120000
# A data descriptor (signature, CRC, two 64-bit sizes) may follow an entry's data; an
# entry that could hide in a gap needs at least a 30-byte local header.
_MAX_GAP: Final = 24

_CONTENT_TYPES: Final = "[content_types].xml"
_MACRO_CONTENT_TYPES: Final = re.compile(rb"macroenabled|vbaproject|activex", re.IGNORECASE)
_ODF_MACRO_FOLDERS: Final = ("Basic/", "Scripts/")


@attrs.frozen
class _Span:
    start: int
    data_start: int
    end: int


def inspect_zip(content: bytes, depth: int, inspector: Inspector) -> Hazard | None:
    """Check a ZIP archive (or DOCX) at nesting ``depth`` (the attachment is 0)."""
    budget = inspector.budget
    # Each entry costs a central-directory record: counting their signatures bounds
    # the work before zipfile parses anything.
    if content.count(_CENTRAL_SIGNATURE) > max(budget.entries, 0):
        return Hazard.TOO_MANY_ENTRIES
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            directory_start = archive.start_dir
    except ZIP_ERRORS:
        return Hazard.UNREADABLE
    if not budget.spend_entries(len(infos)):
        return Hazard.TOO_MANY_ENTRIES
    return (
        _directory_hazard(infos, len(content), budget.expanded)
        or _layout_hazard(infos, content, directory_start)
        or _office_hazard(infos)
        or _content_hazard(infos, content, depth, inspector)
    )


def _directory_hazard(
    infos: list[zipfile.ZipInfo], archive_size: int, allowance: int
) -> Hazard | None:
    hazard = next(filter(None, map(_entry_hazard, infos)), None)
    if hazard is not None:
        return hazard
    total = sum(info.file_size for info in infos)
    if total > allowance or _too_expanded(total, archive_size):
        return Hazard.COMPRESSION_BOMB
    return None


def _entry_hazard(info: zipfile.ZipInfo) -> Hazard | None:
    """What the central directory alone says about one entry."""
    if info.flag_bits & _ENCRYPTED_FLAGS or info.compress_type == _AES_METHOD:
        return Hazard.ENCRYPTED
    names = _unicode_path_names(info.extra)
    if info.compress_type not in _METHODS or names is None:
        return Hazard.UNREADABLE
    hazard = next(filter(None, map(name_hazard, (info.orig_filename, *names))), None)
    if hazard is not None:
        return hazard
    if info.create_system == _UNIX and (info.external_attr >> 16) & _FILE_TYPE_MASK == _SYMLINK:
        return Hazard.UNSAFE_PATH
    return Hazard.COMPRESSION_BOMB if _too_expanded(info.file_size, info.compress_size) else None


def _too_expanded(expanded: int, stored: int) -> bool:
    return expanded > RATIO_FLOOR_BYTES and expanded > MAX_RATIO * stored


def _unicode_path_names(extra: bytes) -> list[str] | None:
    """The names in Info-ZIP Unicode-path extra fields, ``None`` if they are broken."""
    names = []
    for field_id, data in _extra_fields(extra):
        if field_id == _UNICODE_PATH_FIELD:
            try:
                names.append(data[5:].decode("utf-8"))  # after version and name CRC
            except UnicodeDecodeError:
                return None
    return names


def _extra_fields(extra: bytes) -> Iterator[tuple[int, bytes]]:
    position = 0
    while position + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, position)
        yield field_id, extra[position + 4 : position + 4 + size]
        position += 4 + size


def _layout_hazard(
    infos: list[zipfile.ZipInfo], content: bytes, directory_start: int
) -> Hazard | None:
    spans: list[_Span] = []
    for info in infos:
        try:
            fields = _LOCAL_HEADER.unpack_from(content, info.header_offset)
        except struct.error:
            return Hazard.UNREADABLE
        name_length, extra_length = fields[9], fields[10]
        data_start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        if fields[0] != _LOCAL_SIGNATURE or info.header_offset < 0:
            return Hazard.UNREADABLE
        spans.append(_Span(info.header_offset, data_start, data_start + info.compress_size))
    spans.sort(key=lambda span: span.start)
    ends = [0, *(span.end for span in spans)]
    starts = [*(span.start for span in spans), directory_start]
    for previous_end, start in zip(ends, starts, strict=True):
        if start < previous_end:
            return Hazard.COMPRESSION_BOMB  # entries sharing bytes
        if start - previous_end > (_MAX_GAP if previous_end else 0):
            return Hazard.UNREADABLE  # bytes no entry accounts for
    for info in infos:
        hazard = _local_names_hazard(info, content)
        if hazard is not None:
            return hazard
    return None


def _local_names_hazard(info: zipfile.ZipInfo, content: bytes) -> Hazard | None:
    fields = _LOCAL_HEADER.unpack_from(content, info.header_offset)
    name_start = info.header_offset + _LOCAL_HEADER.size
    extra_start = name_start + fields[9]
    local_name = content[name_start:extra_start]
    encoding = "utf-8" if info.flag_bits & _UTF8_FLAG else "cp437"
    if local_name != info.orig_filename.encode(encoding):
        return Hazard.UNREADABLE  # extractors disagree on what this entry is called
    names = _unicode_path_names(content[extra_start : extra_start + fields[10]])
    if names is None:
        return Hazard.UNREADABLE
    return next(filter(None, map(name_hazard, names)), None)


def _office_hazard(infos: list[zipfile.ZipInfo]) -> Hazard | None:
    names = {info.filename for info in infos}
    if "mimetype" in names and any(name.startswith(_ODF_MACRO_FOLDERS) for name in names):
        return Hazard.MACRO
    return None


def _content_hazard(
    infos: list[zipfile.ZipInfo], content: bytes, depth: int, inspector: Inspector
) -> Hazard | None:
    for info in infos:
        is_content_types = info.filename.casefold() == _CONTENT_TYPES
        data = EntryData(inspector, depth, keep=is_content_types)
        stored = memoryview(content)[info.header_offset + _local_header_length(info, content) :][
            : info.compress_size
        ]
        hazard = expand(
            stored,
            Codec(_METHODS[info.compress_type]),
            declared=info.file_size,
            exact=False,
            sink=data,
            budget=inspector.budget,
        )
        data.finish()
        hazard = hazard or inspector.judge(data, depth)
        if hazard is None and is_content_types and _MACRO_CONTENT_TYPES.search(data.whole or b""):
            hazard = Hazard.MACRO
        if hazard is not None:
            return hazard
    return None


def _local_header_length(info: zipfile.ZipInfo, content: bytes) -> int:
    fields = _LOCAL_HEADER.unpack_from(content, info.header_offset)
    return int(_LOCAL_HEADER.size + fields[9] + fields[10])
