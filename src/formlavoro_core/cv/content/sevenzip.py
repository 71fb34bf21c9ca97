"""7z archives, checked from their header and their decoded entries (SEC-7).

A 7z file ends with a header listing its folders (runs of compressed data, each
made by a chain of coders), the sizes of the files inside them, and the files' names
and attributes. 7-Zip compresses that header too by default (an *encoded header*):
it is decoded here with the standard library's LZMA, within the budget. Then:

1. the header: at most :data:`~hazards.MAX_ENTRIES` files; no coder of the crypto
   family (7zAES): the archive or its names are encrypted, so it is refused as
   ``encrypted``; no branch filter (BCJ, BCJ2, ARM, ...): 7-Zip puts them in front of
   executable code, so their presence says the archive holds programs
   (``executable``); names judged by :func:`~names.name_hazard`; no symbolic link or
   Windows reparse point; declared sizes within the budget and ratio bounds;
2. the bytes: folders made by one coder the standard library decodes (Copy, LZMA,
   LZMA2, Deflate, BZip2: what 7-Zip writes unless told otherwise) are decoded up
   to their declared size (7z readers stop there, so a larger stream cannot bomb
   them) and every file in them is judged like a ZIP entry, nested archives
   included. A folder needing another coder (PPMd, Delta, Deflate64, ...) cannot be
   checked and makes the archive ``unreadable``; so does a header encoded with one.

A header that cannot be parsed, a CRC that does not match, or data outside the file
are ``unreadable``: what cannot be listed cannot be checked (fail closed).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Final

from formlavoro_core.cv.content.entries import EntryData
from formlavoro_core.cv.content.hazards import MAX_RATIO, RATIO_FLOOR_BYTES, Hazard
from formlavoro_core.cv.content.names import name_hazard
from formlavoro_core.cv.content.sevenzip_header import (
    ENCODED_HEADER,
    HEADER,
    SIGNATURE_HEADER_SIZE,
    ArchiveFile,
    MalformedHeader,
    Reader,
    Streams,
    TooManyFiles,
    codec_of,
    is_encrypted,
    pack_ranges,
    parse_header,
    parse_streams,
)
from formlavoro_core.cv.content.streams import Collector, expand

if TYPE_CHECKING:
    from formlavoro_core.cv.content.entries import Inspector
    from formlavoro_core.cv.content.hazards import Budget

__all__ = ["inspect_7z"]

_MAX_ENCODING_ROUNDS: Final = 4
_UNIX_EXTENSION: Final = 0x8000
_REPARSE_POINT: Final = 0x0400
_FILE_TYPE_MASK: Final = 0o170000
_SYMLINK: Final = 0o120000


def inspect_7z(content: bytes, depth: int, inspector: Inspector) -> Hazard | None:
    """Check a 7z archive at nesting ``depth`` (the attachment is 0)."""
    budget = inspector.budget
    try:
        header = _read_header(content, budget)
        if isinstance(header, Hazard):
            return header
        streams, files = header
        return _header_hazard(content, streams, files, budget) or _content_hazard(
            content, streams, depth, inspector
        )
    except MalformedHeader:
        return Hazard.UNREADABLE
    except TooManyFiles:
        return Hazard.TOO_MANY_ENTRIES


def _read_header(content: bytes, budget: Budget) -> tuple[Streams, list[ArchiveFile]] | Hazard:
    if len(content) < SIGNATURE_HEADER_SIZE:
        raise MalformedHeader
    reader = Reader(content[8:SIGNATURE_HEADER_SIZE])
    start_crc = int.from_bytes(reader.take(4), "little")
    if zlib.crc32(content[12:SIGNATURE_HEADER_SIZE]) != start_crc:
        raise MalformedHeader
    offset, size, crc = (int.from_bytes(reader.take(n), "little") for n in (8, 8, 4))
    if size == 0:
        return Streams(), []  # an empty archive
    start = SIGNATURE_HEADER_SIZE + offset
    data = content[start : start + size]
    if len(data) != size or zlib.crc32(data) != crc:
        raise MalformedHeader
    for _ in range(_MAX_ENCODING_ROUNDS):
        reader = Reader(data)
        kind = reader.byte()
        if kind == HEADER:
            return parse_header(reader, budget.entries)
        if kind != ENCODED_HEADER:
            raise MalformedHeader
        decoded = _decode_header(content, parse_streams(reader), budget)
        if isinstance(decoded, Hazard):
            return decoded
        data = decoded
    raise MalformedHeader


def _decode_header(content: bytes, streams: Streams, budget: Budget) -> bytes | Hazard:
    if not streams.folders or not streams.pack_sizes:
        raise MalformedHeader
    folder = streams.folders[0]
    if is_encrypted(folder):
        return Hazard.ENCRYPTED
    codec = codec_of(folder)
    if codec is None:
        return Hazard.UNREADABLE  # an encoded header we cannot decode: cannot be listed
    if streams.folder_sizes[0] > budget.expanded:
        return Hazard.COMPRESSION_BOMB  # checked first: the decoder sizes its window by it
    start = SIGNATURE_HEADER_SIZE + streams.pack_position
    raw = content[start : start + streams.pack_sizes[0]]
    collected = Collector()
    hazard = expand(
        raw,
        codec,
        declared=streams.folder_sizes[0],
        exact=True,
        sink=collected,
        budget=budget,
    )
    return hazard or bytes(collected.data)


def _header_hazard(
    content: bytes, streams: Streams, files: list[ArchiveFile], budget: Budget
) -> Hazard | None:
    if not budget.spend_entries(len(files)):
        return Hazard.TOO_MANY_ENTRIES
    if any(map(is_encrypted, streams.folders)):
        return Hazard.ENCRYPTED
    for file in files:
        hazard = name_hazard(file.name) or _attributes_hazard(file.attributes)
        if hazard is not None:
            return hazard
    if sum(len(sizes) for sizes in streams.file_sizes) != sum(f.has_stream for f in files):
        raise MalformedHeader
    packs = pack_ranges(streams)
    if packs and packs[-1][1] > len(content):
        raise MalformedHeader
    total = sum(streams.folder_sizes)
    if total > budget.expanded or _too_expanded(total, len(content)):
        return Hazard.COMPRESSION_BOMB
    for (start, end), size in zip(packs, streams.folder_sizes, strict=True):
        if _too_expanded(size, end - start):
            return Hazard.COMPRESSION_BOMB
    return None


def _attributes_hazard(attributes: int | None) -> Hazard | None:
    if attributes is None:
        return None
    is_link = attributes & _UNIX_EXTENSION and (attributes >> 16) & _FILE_TYPE_MASK == _SYMLINK
    return Hazard.UNSAFE_PATH if is_link or attributes & _REPARSE_POINT else None


def _too_expanded(expanded: int, stored: int) -> bool:
    return expanded > RATIO_FLOOR_BYTES and expanded > MAX_RATIO * stored


def _content_hazard(
    content: bytes, streams: Streams, depth: int, inspector: Inspector
) -> Hazard | None:
    folders = zip(
        streams.folders,
        pack_ranges(streams),
        streams.file_sizes,
        streams.folder_sizes,
        strict=True,
    )
    for folder, (start, end), sizes, folder_size in folders:
        codec = codec_of(folder)
        if codec is None:
            return Hazard.UNREADABLE
        entries = [(size, EntryData(inspector, depth)) for size in sizes]
        hazard = expand(
            memoryview(content)[start:end],
            codec,
            declared=folder_size,
            exact=True,
            sink=_Router(entries),
            budget=inspector.budget,
        )
        if hazard is not None:
            return hazard
        for _, data in entries:
            data.finish()
            hazard = inspector.judge(data, depth)
            if hazard is not None:
                return hazard
    return None


class _Router:
    """Splits a folder's decoded bytes among the files it holds, in order."""

    __slots__ = ("_targets",)

    def __init__(self, targets: list[tuple[int, EntryData]]) -> None:
        self._targets = [(size, data) for size, data in targets if size]

    def write(self, chunk: bytes) -> None:
        while chunk and self._targets:
            size, data = self._targets[0]
            data.write(chunk[:size])
            if len(chunk) >= size:
                self._targets.pop(0)
            else:
                self._targets[0] = (size - len(chunk), data)
            chunk = chunk[size:]
