"""7z archives for the SEC-7 tests, with the coders and headers their hazards need.

Every non-empty file goes in one solid folder with chosen coders (LZMA2, BCJ, AES,
PPMd, copy); the header is plain or encoded, and the sizes it states may lie.
"""

from __future__ import annotations

import lzma
import struct
import zlib
from collections.abc import Sequence

COPY = (b"\x00", b"")
LZMA2 = (b"\x21", b"\x10")  # dictionary 1 MiB
BCJ = (b"\x03\x03\x01\x03", b"")
AES = (b"\x06\xf1\x07\x01", b"\x53\x07" + bytes(range(16)))  # 7zAES: cycles, salt/IV sizes, IV
PPMD = (b"\x03\x04\x01", b"\x06\x00\x00\x00\x01")
_LZMA1_PROPERTIES = b"\x5d" + struct.pack("<I", 1 << 16)  # lc=3 lp=0 pb=2, 64 KiB


def _number(value: int) -> bytes:
    """A 7z variable-length number."""
    for extra in range(8):
        if value < 1 << (7 * (extra + 1)):
            high = value >> (8 * extra)
            first = (0xFF00 >> extra) & 0xFF | high
            return bytes([first]) + value.to_bytes(8, "little")[:extra]
    return b"\xff" + value.to_bytes(8, "little")


def _bits(flags: Sequence[bool]) -> bytes:
    out = bytearray((len(flags) + 7) // 8)
    for index, flag in enumerate(flags):
        if flag:
            out[index // 8] |= 0x80 >> (index % 8)
    return bytes(out)


def _encode(data: bytes, coders: Sequence[tuple[bytes, bytes]]) -> bytes:
    """Encode with a chain given main coder first, as decoding ends (LZMA2 last)."""
    if coders == [COPY]:
        return data
    filters = [{"id": lzma.FILTER_X86}] if BCJ in coders else []
    if coders[-1] == LZMA2:
        filters.append({"id": lzma.FILTER_LZMA2, "dict_size": 1 << 20})
        return lzma.compress(data, format=lzma.FORMAT_RAW, filters=filters)
    return b"\x17" * max(len(data) // 2, 16)  # not decodable here: only declared


def _folder(coders: Sequence[tuple[bytes, bytes]], unpack_size: int) -> tuple[bytes, bytes]:
    """A folder record and its unpack sizes, for coders given main coder first.

    As 7-Zip writes them, the coder reading the packed data comes first and each next
    one reads the previous one's output, so the last coder gives the folder's output.
    """
    written = list(reversed(coders))
    record = bytearray(_number(len(written)))
    for method, properties in written:
        record += bytes([len(method) | (0x20 if properties else 0)]) + method
        if properties:
            record += _number(len(properties)) + properties
    for index in range(len(written) - 1):
        record += _number(index + 1) + _number(index)  # coder i+1 reads coder i's output
    return bytes(record), _number(unpack_size) * len(written)


def _streams_info(
    pack_position: int,
    packed_size: int,
    coders: Sequence[tuple[bytes, bytes]],
    sizes: Sequence[int],
    *,
    substreams: bool = True,
) -> bytes:
    folder, unpack_sizes = _folder(coders, sum(sizes))
    info = bytearray(
        b"\x06" + _number(pack_position) + _number(1) + b"\x09" + _number(packed_size) + b"\x00"
    )
    info += b"\x07\x0b" + _number(1) + b"\x00" + folder + b"\x0c" + unpack_sizes + b"\x00"
    if substreams:
        info += b"\x08\x0d" + _number(len(sizes))
        if len(sizes) > 1:
            info += b"\x09" + b"".join(_number(size) for size in sizes[:-1])
        info += b"\x00"
    return bytes(info + b"\x00")


def make_7z(
    files: Sequence[tuple[str, bytes]],
    *,
    coders: Sequence[tuple[bytes, bytes]] = (LZMA2,),
    encoded_header: Sequence[tuple[bytes, bytes]] | None = None,
    attributes: Sequence[int] | None = None,
    declared_sizes: Sequence[int] | None = None,
    declared_header_size: int | None = None,
) -> bytes:
    """A 7z archive with every non-empty file in one solid folder.

    Args:
        files: Names and contents (empty contents make empty files).
        coders: The folder's coders, main coder first (``[BCJ, LZMA2]``).
        encoded_header: Compress the header with LZMA (``[]``), or declare these coders
            for it; ``None`` writes a plain header.
        attributes: Windows attributes of each file.
        declared_sizes: The sizes the header states for the non-empty files, if they
            differ from the real ones.
        declared_header_size: The decoded size an encoded header states, if it lies.
    """
    contents = [data for _, data in files if data]
    packed = _encode(b"".join(contents), list(coders)) if contents else b""
    sizes = list(declared_sizes) if declared_sizes is not None else [len(d) for d in contents]
    header = bytearray(b"\x01")
    if contents:
        header += b"\x04" + _streams_info(0, len(packed), coders, sizes)
    header += b"\x05" + _number(len(files))
    empty = [not data for _, data in files]
    if any(empty):
        vector = _bits(empty)
        header += b"\x0e" + _number(len(vector)) + vector
    names = b"\x00" + b"".join((name + "\x00").encode("utf-16-le") for name, _ in files)
    header += b"\x11" + _number(len(names)) + names
    if attributes is not None:
        values = b"\x01\x00" + b"".join(struct.pack("<I", value) for value in attributes)
        header += b"\x15" + _number(len(values)) + values
    header += b"\x00\x00"
    if encoded_header is not None:
        header_coders = list(encoded_header) or [(b"\x03\x01\x01", _LZMA1_PROPERTIES)]
        if encoded_header:
            compressed = _encode(bytes(header), header_coders)
        else:
            compressed = lzma.compress(
                bytes(header),
                format=lzma.FORMAT_RAW,
                filters=[
                    {"id": lzma.FILTER_LZMA1, "dict_size": 1 << 16, "lc": 3, "lp": 0, "pb": 2}
                ],
            )
        size = len(header) if declared_header_size is None else declared_header_size
        info = _streams_info(len(packed), len(compressed), header_coders, [size], substreams=False)
        packed += compressed
        header = bytearray(b"\x17" + info)
    next_header = struct.pack("<QQI", len(packed), len(header), zlib.crc32(header))
    start = b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(next_header))
    return start + next_header + packed + bytes(header)
