"""ZIP archives for the SEC-7 tests: written by :mod:`zipfile`, or by hand to lie.

Hand-written entries can falsify what their headers say (sizes, CRCs, names, flags),
list an entry twice or make entries share bytes; a zip bomb inflates to a gigabyte of
zeros from about a megabyte.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

import attrs


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive written by :mod:`zipfile`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@attrs.frozen
class RawEntry:
    """One entry of a hand-written ZIP: what the headers say, and the stored bytes."""

    name: bytes
    stored: bytes
    crc: int
    size: int  # the uncompressed size both headers declare
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    extra: bytes = b""
    external_attr: int = 0
    local_name: bytes | None = None  # the local header's name, if it differs


def raw_entry(name: str, data: bytes, *, stored: bool = False, **changes: object) -> RawEntry:
    """An honest entry for ``data``; ``changes`` then falsify what the headers say."""
    packed = data if stored else deflate(data)
    entry = RawEntry(
        name=name.encode(),
        stored=packed,
        crc=zlib.crc32(data),
        size=len(data),
        method=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
    )
    return attrs.evolve(entry, **changes)  # type: ignore[arg-type]


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def raw_zip(
    entries: Sequence[RawEntry],
    *,
    listed: Sequence[int] | None = None,
    directory_offsets: dict[int, int] | None = None,
) -> bytes:
    """A ZIP written by hand: local entries in order, then the central directory.

    Args:
        entries: The local entries.
        listed: Which entries the central directory lists (all by default); the same
            index twice lists an entry twice.
        directory_offsets: For a listed position, the local header it points to
            (another entry's, to make entries share bytes).
    """
    body = bytearray()
    offsets = []
    for entry in entries:
        offsets.append(len(body))
        local_name = entry.local_name if entry.local_name is not None else entry.name
        body += struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.stored),
            entry.size,
            len(local_name),
            len(entry.extra),
        )
        body += local_name + entry.extra + entry.stored
    directory = bytearray()
    chosen = list(listed) if listed is not None else list(range(len(entries)))
    for position, index in enumerate(chosen):
        entry = entries[index]
        offset = (directory_offsets or {}).get(position, offsets[index])
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            0x031E,  # made by Unix, version 3.0
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            entry.crc,
            len(entry.stored),
            entry.size,
            len(entry.name),
            len(entry.extra),
            0,
            0,
            0,
            entry.external_attr,
            offset,
        )
        directory += entry.name + entry.extra
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(chosen), len(chosen), len(directory), len(body), 0
    )
    return bytes(body + directory + end)


def unicode_path_field(name: str, header_name: bytes) -> bytes:
    """An Info-ZIP Unicode Path extra field, which 7-Zip and unzip prefer."""
    data = b"\x01" + struct.pack("<I", zlib.crc32(header_name)) + name.encode()
    return struct.pack("<HH", 0x7075, len(data)) + data


GIB = 1024 * 1024 * 1024
_SEGMENT = 1024 * 1024


@functools.cache
def zeros_deflated(total: int) -> tuple[bytes, int]:
    """A raw Deflate stream of ``total`` zero bytes, and their CRC-32.

    One megabyte of zeros is compressed and flushed to a byte boundary with no
    back-reference across it, so the same compressed bytes can follow each other; a
    final empty block ends the stream. 1 GiB takes about 1 MB, built in milliseconds
    without ever holding the gigabyte.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(_SEGMENT)
    piece = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(total // _SEGMENT):
        crc = zlib.crc32(zeros, crc)
    return piece * (total // _SEGMENT) + b"\x03\x00", crc


def zip_bomb(*, declared: int | None = None, total: int = GIB) -> bytes:
    """A ZIP of one ``zeros.bin`` inflating to ``total`` zero bytes.

    Args:
        declared: The size the headers state, when it lies.
        total: How many zeros the entry really holds.
    """
    stream, crc = zeros_deflated(total)
    entry = RawEntry(
        name=b"zeros.bin", stored=stream, crc=crc, size=total if declared is None else declared
    )
    return raw_zip([entry])
