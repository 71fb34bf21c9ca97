"""The 7z header: its variable-length numbers, folders, coders and file list.

Parsing only: every count is checked against the bytes left before anything is
allocated, and anything unexpected raises :class:`MalformedHeader`. The checks that
use it are in :mod:`sevenzip`.
"""

from __future__ import annotations

from typing import Final

import attrs

from formlavoro_core.cv.content.streams import Codec, Filter, Method

__all__ = [
    "ENCODED_HEADER",
    "HEADER",
    "SIGNATURE_HEADER_SIZE",
    "ArchiveFile",
    "Folder",
    "MalformedHeader",
    "Reader",
    "Streams",
    "TooManyFiles",
    "codec_of",
    "is_encrypted",
    "pack_ranges",
    "parse_header",
    "parse_streams",
]

SIGNATURE_HEADER_SIZE: Final = 32
"""The fixed start of a 7z file: signature, version, and where the header is."""

_MAX_CODERS: Final = 32

# Property identifiers; HEADER and ENCODED_HEADER open a plain and an encoded header.
_END, HEADER, _ARCHIVE_PROPERTIES, _ADDITIONAL_STREAMS = 0x00, 0x01, 0x02, 0x03
_MAIN_STREAMS, _FILES_INFO, _PACK_INFO, _UNPACK_INFO = 0x04, 0x05, 0x06, 0x07
_SUBSTREAMS_INFO, _SIZE, _CRC, _FOLDER = 0x08, 0x09, 0x0A, 0x0B
_CODERS_UNPACK_SIZE, _NUM_UNPACK_STREAM, _EMPTY_STREAM = 0x0C, 0x0D, 0x0E
_NAME, _WIN_ATTRIBUTES, ENCODED_HEADER = 0x11, 0x15, 0x17

_CODECS: Final = {
    b"\x00": Method.STORED,
    b"\x21": Method.LZMA2,
    b"\x03\x01\x01": Method.LZMA,
    b"\x04\x01\x08": Method.DEFLATE,
    b"\x04\x02\x02": Method.BZIP2,
}
# Filters put in front of LZMA or LZMA2, by their long and short identifiers.
_FILTERS: Final = {
    b"\x03": Filter.DELTA,
    b"\x03\x03\x01\x03": Filter.X86,
    b"\x04": Filter.X86,
    b"\x03\x03\x02\x05": Filter.POWERPC,
    b"\x05": Filter.POWERPC,
    b"\x03\x03\x04\x01": Filter.IA64,
    b"\x06": Filter.IA64,
    b"\x03\x03\x05\x01": Filter.ARM,
    b"\x07": Filter.ARM,
    b"\x03\x03\x07\x01": Filter.ARM_THUMB,
    b"\x08": Filter.ARM_THUMB,
    b"\x03\x03\x08\x05": Filter.SPARC,
    b"\x09": Filter.SPARC,
}
_CRYPTO_PREFIX: Final = b"\x06\xf1"


class MalformedHeader(Exception):
    """A header that cannot be parsed (internal: becomes ``unreadable``)."""


class TooManyFiles(Exception):
    """More files than the budget allows (internal: becomes ``too_many_entries``)."""


@attrs.frozen
class _Coder:
    """One coder of a folder: its method identifier and properties."""

    method: bytes
    properties: bytes
    inputs: int
    outputs: int


@attrs.frozen
class Folder:
    """A run of packed data and the coders that decode it."""

    coders: tuple[_Coder, ...]
    packed_streams: int
    main_output: int  # the output stream no bind pair consumes
    # The coders from the one giving the folder's output to the one reading the packed
    # data, when each feeds the next; None for other graphs (BCJ2's four streams).
    chain: tuple[int, ...] | None


@attrs.define
class Streams:
    """Where the packed data is, how its folders decode, and the files' sizes."""

    pack_position: int = 0
    pack_sizes: list[int] = attrs.Factory(list)
    folders: list[Folder] = attrs.Factory(list)
    folder_sizes: list[int] = attrs.Factory(list)  # each folder's decoded size
    folder_crcs: list[bool] = attrs.Factory(list)
    file_sizes: list[list[int]] = attrs.Factory(list)  # per folder, its files' sizes


@attrs.frozen
class ArchiveFile:
    """A file (or folder) the archive lists."""

    name: str
    has_stream: bool
    attributes: int | None


class Reader:
    """Reads the header's little-endian values and 7z's variable-length numbers."""

    __slots__ = ("data", "position")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def byte(self) -> int:
        """The next byte."""
        if self.position >= len(self.data):
            raise MalformedHeader
        self.position += 1
        return self.data[self.position - 1]

    def take(self, count: int) -> bytes:
        """The next ``count`` bytes."""
        if count < 0 or self.position + count > len(self.data):
            raise MalformedHeader
        self.position += count
        return self.data[self.position - count : self.position]

    def number(self) -> int:
        """A 7z number: the first byte's leading 1 bits count the bytes that follow."""
        first = self.byte()
        value = 0
        mask = 0x80
        for index in range(8):
            if not first & mask:
                return value | (first & (mask - 1)) << (8 * index)
            value |= self.byte() << (8 * index)
            mask >>= 1
        return value

    def count(self) -> int:
        """A number of items, each taking at least one byte of what is left."""
        value = self.number()
        if value > len(self.data) - self.position:
            raise MalformedHeader
        return value

    def bits(self, count: int) -> list[bool]:
        """A vector of ``count`` bits, the highest bit first."""
        data = self.take((count + 7) // 8)
        return [bool(data[index // 8] & (0x80 >> (index % 8))) for index in range(count)]

    def defined(self, count: int) -> list[bool]:
        """An "all defined" byte, else a bit vector of which are."""
        return [True] * count if self.byte() else self.bits(count)

    def skip_digests(self, count: int) -> list[bool]:
        """Skip ``count`` optional CRCs; say which were there."""
        defined = self.defined(count)
        self.take(4 * sum(defined))
        return defined

    def expect(self, property_id: int) -> None:
        """Read a property identifier that must be ``property_id``."""
        if self.number() != property_id:
            raise MalformedHeader


def parse_header(reader: Reader, max_files: int) -> tuple[Streams, list[ArchiveFile]]:
    """Parse a plain header (after its first byte), with at most ``max_files`` files."""
    streams, files = Streams(), []
    property_id = reader.number()
    if property_id == _ARCHIVE_PROPERTIES:
        while reader.number() != _END:
            reader.take(reader.number())
        property_id = reader.number()
    if property_id == _ADDITIONAL_STREAMS:
        parse_streams(reader)
        property_id = reader.number()
    if property_id == _MAIN_STREAMS:
        streams = parse_streams(reader)
        property_id = reader.number()
    if property_id == _FILES_INFO:
        files = _parse_files(reader, max_files)
        property_id = reader.number()
    if property_id != _END:
        raise MalformedHeader
    return streams, files


def parse_streams(reader: Reader) -> Streams:
    """Parse streams information: packed data, folders and the files' sizes."""
    streams = Streams()
    property_id = reader.number()
    if property_id == _PACK_INFO:
        streams.pack_position = reader.number()
        count = reader.count()
        while (property_id := reader.number()) != _END:
            if property_id == _SIZE:
                streams.pack_sizes = [reader.number() for _ in range(count)]
            elif property_id == _CRC:
                reader.skip_digests(count)
            else:
                raise MalformedHeader
        property_id = reader.number()
    if property_id == _UNPACK_INFO:
        _parse_folders(reader, streams)
        property_id = reader.number()
    streams.file_sizes = [[size] for size in streams.folder_sizes]
    if property_id == _SUBSTREAMS_INFO:
        _parse_substreams(reader, streams)
        property_id = reader.number()
    if property_id != _END:
        raise MalformedHeader
    return streams


def _parse_folders(reader: Reader, streams: Streams) -> None:
    reader.expect(_FOLDER)
    count = reader.count()
    if reader.byte():
        raise MalformedHeader  # folders stored elsewhere: no writer does this
    outputs = []
    for _ in range(count):
        folder, total_outputs = _parse_folder(reader)
        streams.folders.append(folder)
        outputs.append(total_outputs)
    reader.expect(_CODERS_UNPACK_SIZE)
    for folder, total in zip(streams.folders, outputs, strict=True):
        sizes = [reader.number() for _ in range(total)]
        streams.folder_sizes.append(sizes[folder.main_output])
    streams.folder_crcs = [False] * count
    while (property_id := reader.number()) != _END:
        if property_id != _CRC:
            raise MalformedHeader
        streams.folder_crcs = reader.skip_digests(count)


def _parse_folder(reader: Reader) -> tuple[Folder, int]:
    coders: list[_Coder] = []
    for _ in range(reader.count()):
        flags = reader.byte()
        if flags & 0x80 or len(coders) >= _MAX_CODERS:
            raise MalformedHeader
        method = reader.take(flags & 0x0F)
        inputs, outputs = (reader.count(), reader.count()) if flags & 0x10 else (1, 1)
        properties = reader.take(reader.number()) if flags & 0x20 else b""
        coders.append(_Coder(method, properties, inputs, outputs))
    total_inputs = sum(coder.inputs for coder in coders)
    total_outputs = sum(coder.outputs for coder in coders)
    if not coders or total_outputs == 0:
        raise MalformedHeader
    bind_pairs = [(reader.number(), reader.number()) for _ in range(total_outputs - 1)]
    bound_outputs = {output for _, output in bind_pairs}
    packed = total_inputs - (total_outputs - 1)
    if packed < 1:
        raise MalformedHeader
    if packed > 1:
        for _ in range(packed):
            reader.number()
    unbound = [index for index in range(total_outputs) if index not in bound_outputs]
    if len(unbound) != 1:
        raise MalformedHeader
    return Folder(tuple(coders), packed, unbound[0], _chain(coders, bind_pairs, unbound[0])), (
        total_outputs
    )


def _chain(
    coders: list[_Coder], bind_pairs: list[tuple[int, int]], main_output: int
) -> tuple[int, ...] | None:
    if any(coder.inputs != 1 or coder.outputs != 1 for coder in coders):
        return None
    # With one input and one output each, coder i reads input i and writes output i.
    feeds = dict(bind_pairs)  # input index -> the output bound to it
    order = [main_output]
    while order[-1] in feeds and len(order) <= len(coders):
        order.append(feeds[order[-1]])
    return tuple(order) if sorted(order) == list(range(len(coders))) else None


def _parse_substreams(reader: Reader, streams: Streams) -> None:
    numbers = [1] * len(streams.folders)
    property_id = reader.number()
    if property_id == _NUM_UNPACK_STREAM:
        numbers = [reader.count() for _ in streams.folders]
        property_id = reader.number()
    if property_id == _SIZE:
        streams.file_sizes = []
        for number, folder_size in zip(numbers, streams.folder_sizes, strict=True):
            sizes = [reader.number() for _ in range(max(number - 1, 0))]
            if number and sum(sizes) > folder_size:
                raise MalformedHeader
            streams.file_sizes.append([*sizes, folder_size - sum(sizes)] if number else [])
        property_id = reader.number()
    elif any(number > 1 for number in numbers):
        raise MalformedHeader
    else:
        streams.file_sizes = [
            [size] if number else []
            for number, size in zip(numbers, streams.folder_sizes, strict=True)
        ]
    if property_id == _CRC:
        unknown = sum(
            0 if number == 1 and known else number
            for number, known in zip(numbers, streams.folder_crcs, strict=True)
        )
        reader.skip_digests(unknown)
        property_id = reader.number()
    if property_id != _END:
        raise MalformedHeader


def _parse_files(reader: Reader, max_files: int) -> list[ArchiveFile]:
    count = reader.count()
    if count > max(max_files, 0):
        raise TooManyFiles
    empty = [False] * count
    names: list[str] | None = None
    attributes: list[int | None] = [None] * count
    while (property_id := reader.number()) != _END:
        data = Reader(reader.take(reader.number()))
        if property_id == _EMPTY_STREAM:
            empty = data.bits(count)
        elif property_id == _NAME:
            if data.byte():
                raise MalformedHeader  # names stored elsewhere: no writer does this
            encoded = data.take(len(data.data) - 1)
            if len(encoded) % 2:
                raise MalformedHeader
            text = encoded.decode("utf-16-le", "surrogatepass")
            names = text.split("\x00")[:-1]
            if len(names) != count or not text.endswith("\x00"):
                raise MalformedHeader
        elif property_id == _WIN_ATTRIBUTES:
            defined = data.defined(count)
            if data.byte():
                raise MalformedHeader
            attributes = [
                int.from_bytes(data.take(4), "little") if known else None for known in defined
            ]
    if names is None:
        raise MalformedHeader
    return [
        ArchiveFile(name, has_stream=not is_empty, attributes=attribute)
        for name, is_empty, attribute in zip(names, empty, attributes, strict=True)
    ]


def is_encrypted(folder: Folder) -> bool:
    """Whether a coder of the crypto family (7zAES) is in the folder."""
    return any(coder.method.startswith(_CRYPTO_PREFIX) for coder in folder.coders)


def pack_ranges(streams: Streams) -> list[tuple[int, int]]:
    """Where each folder's packed data is (its one packed stream)."""
    ranges = []
    position = SIGNATURE_HEADER_SIZE + streams.pack_position
    index = 0
    for folder in streams.folders:
        sizes = streams.pack_sizes[index : index + folder.packed_streams]
        if len(sizes) != folder.packed_streams:
            raise MalformedHeader
        ranges.append((position, position + sum(sizes)))
        position += sum(sizes)
        index += folder.packed_streams
    return ranges


def codec_of(folder: Folder) -> Codec | None:
    """How to decode a folder: one coder, or filters in front of LZMA or LZMA2."""
    if folder.chain is None or folder.packed_streams != 1:
        return None
    *filters, last = (folder.coders[index] for index in folder.chain)
    method = _CODECS.get(last.method)
    kinds = [_FILTERS.get(coder.method) for coder in filters]
    if method is None or None in kinds:
        return None
    chain = tuple(
        (kind, coder.properties) for kind, coder in zip(kinds, filters, strict=True) if kind
    )
    return Codec(method, last.properties, chain)
