"""Bounded decoding: compressed data is expanded piece by piece, never past a cap.

:func:`expand` feeds a decoder small slices of input and asks each time for at most
:data:`CHUNK` bytes of output, so a bomb costs only as much work as the cap allows and
memory stays small. The output goes to a :class:`Sink`, which keeps what it needs.
Only standard-library codecs are used: ``zlib`` (Deflate), ``lzma`` (LZMA, LZMA2) and
``bz2`` (BZip2); ``lzma`` is optional in Python builds, and without it LZMA data is
simply unreadable, never trusted.
"""

from __future__ import annotations

import bz2
import enum
import zlib
from typing import TYPE_CHECKING, Final, Protocol

import attrs

from formlavoro_core.cv.content.hazards import Hazard

if TYPE_CHECKING:
    from collections.abc import Callable

    from formlavoro_core.cv.content.hazards import Budget

try:
    import lzma
except ImportError:  # pragma: no cover - Python built without liblzma
    _HAS_LZMA = False
else:
    _HAS_LZMA = True

__all__ = ["CHUNK", "Codec", "Collector", "Filter", "Method", "Sink", "expand"]

CHUNK: Final = 256 * 1024
"""Most output one decoding step produces."""

_INPUT_SLICE: Final = 64 * 1024
_MIN_DICTIONARY: Final = 4096  # liblzma's smallest dictionary
_LZMA_PROPERTIES_SIZE: Final = 5  # lc/lp/pb in one byte, then the dictionary size
_LZMA_PROPERTY_LIMIT: Final = 9 * 5 * 5
_LZMA2_LARGEST: Final = 40  # the LZMA2 property byte meaning a 4 GiB dictionary
_START_OFFSET_SIZE: Final = 4  # a branch filter's optional start offset

# What the standard decoders raise on hostile input.
_DECODE_ERRORS: Final = (zlib.error, OSError, ValueError, EOFError, MemoryError) + (
    (lzma.LZMAError,) if _HAS_LZMA else ()
)


class Method(enum.Enum):
    """A way data is stored."""

    STORED = "stored"
    DEFLATE = "deflate"  # raw Deflate, as in ZIP and 7z
    ZLIB = "zlib"  # Deflate with the zlib wrapper, as in PDF's FlateDecode
    LZMA = "lzma"  # raw LZMA, as in 7z
    LZMA2 = "lzma2"  # raw LZMA2, as in 7z
    BZIP2 = "bzip2"


class Filter(enum.Enum):
    """A reversible transform 7z may apply before LZMA or LZMA2 compression."""

    DELTA = "delta"
    X86 = "x86"
    POWERPC = "powerpc"
    IA64 = "ia64"
    ARM = "arm"
    ARM_THUMB = "arm_thumb"
    SPARC = "sparc"


@attrs.frozen
class Codec:
    """A :class:`Method`, its properties, and the filters applied before it.

    7z gives LZMA's and LZMA2's properties, and may put filters (with their own
    properties) in front of them; the filters are listed in the order they were
    applied when compressing.
    """

    method: Method
    properties: bytes = b""
    filters: tuple[tuple[Filter, bytes], ...] = ()


class Sink(Protocol):
    """Where decoded bytes go, in order."""

    def write(self, chunk: bytes) -> None:
        """Take the next decoded bytes."""


class Collector:
    """A :class:`Sink` keeping everything it is given."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes) -> None:
        """Keep the next decoded bytes."""
        self.data += chunk


class _Decoder(Protocol):
    @property
    def eof(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


def expand(
    raw: bytes | memoryview,
    codec: Codec,
    *,
    declared: int | None,
    exact: bool,
    sink: Sink,
    budget: Budget,
) -> Hazard | None:
    """Decode ``raw`` into ``sink`` within ``budget``, checking the declared size.

    Args:
        raw: The stored bytes.
        codec: How they are stored.
        declared: The decoded size the container states, or ``None`` when it states
            none (then only the budget bounds the output).
        exact: Stop after ``declared`` bytes, as 7z readers do. Otherwise (ZIP readers
            inflate to the end of the stream) the stream must end after exactly
            ``declared`` bytes; one byte more shows the declared size is false.
        sink: Receives the output.
        budget: Shared by the whole attachment; every decoded byte is taken from it.

    Returns:
        ``None`` when the data decoded as declared, :attr:`Hazard.COMPRESSION_BOMB`
        when it decodes to more than declared or than the budget allows, and
        :attr:`Hazard.UNREADABLE` when it is damaged, truncated or undecodable here.
    """
    cap = max(budget.expanded, 0) + 1 if declared is None else declared if exact else declared + 1

    def emit(chunk: bytes) -> bool:
        if not budget.spend_bytes(len(chunk)):
            return False
        sink.write(chunk)
        return True

    outcome = _decode_into(raw, codec, declared, cap, emit)
    if isinstance(outcome, Hazard):
        return outcome
    produced, ended = outcome
    if declared is None:
        return None if ended else Hazard.UNREADABLE
    if produced > declared:
        return Hazard.COMPRESSION_BOMB
    if produced < declared or not (exact or ended):
        return Hazard.UNREADABLE
    return None


def _decode_into(
    raw: bytes | memoryview, codec: Codec, declared: int | None, cap: int, emit: _Emit
) -> tuple[int, bool] | Hazard:
    """Decode at most ``cap`` bytes; the bytes the data holds and whether it ended."""
    if codec.method is Method.STORED:
        for start in range(0, min(len(raw), cap), CHUNK):
            if not emit(bytes(raw[start : min(start + CHUNK, cap)])):
                return Hazard.COMPRESSION_BOMB
        return len(raw), True
    decoder = _decoder(codec, declared)
    if decoder is None:
        return Hazard.UNREADABLE
    try:
        outcome = _run(decoder, raw, cap, emit)
    except _DECODE_ERRORS:
        return Hazard.UNREADABLE
    return Hazard.COMPRESSION_BOMB if outcome is None else outcome


def _run(
    decoder: _Decoder, raw: bytes | memoryview, cap: int, emit: _Emit
) -> tuple[int, bool] | None:
    """Feed ``raw`` to ``decoder`` until it ends or ``cap`` bytes came out.

    Returns:
        ``None`` if the budget ran out, else the bytes produced and whether the
        stream ended.
    """
    produced = 0
    view = memoryview(raw)
    for start in range(0, max(len(view), 1), _INPUT_SLICE):
        data = bytes(view[start : start + _INPUT_SLICE])
        while not decoder.eof and produced < cap:
            room = min(CHUNK, cap - produced)
            out = decoder.decompress(data, room)
            produced += len(out)
            if out and not emit(out):
                return None
            data = _leftover(decoder)
            if not data and len(out) < room and _needs_input(decoder):
                break
        if decoder.eof or produced >= cap:
            break
    return produced, decoder.eof


class _Emit(Protocol):
    def __call__(self, chunk: bytes, /) -> bool: ...


def _leftover(decoder: _Decoder) -> bytes:
    # zlib hands back the input it could not use yet; lzma and bz2 keep it inside.
    tail = getattr(decoder, "unconsumed_tail", b"")
    return tail if isinstance(tail, bytes) else b""


def _needs_input(decoder: _Decoder) -> bool:
    needs = getattr(decoder, "needs_input", True)
    return bool(needs)


def _decoder(codec: Codec, declared: int | None) -> _Decoder | None:
    if codec.method in {Method.LZMA, Method.LZMA2}:
        return _lzma_decoder(codec, declared)
    if codec.filters:
        return None  # filters come only in front of LZMA and LZMA2
    factories: dict[Method, Callable[[], _Decoder]] = {
        Method.DEFLATE: lambda: zlib.decompressobj(-zlib.MAX_WBITS),
        Method.ZLIB: lambda: zlib.decompressobj(zlib.MAX_WBITS),
        Method.BZIP2: bz2.BZ2Decompressor,
    }
    factory = factories.get(codec.method)
    return None if factory is None else factory()


def _lzma_decoder(codec: Codec, declared: int | None) -> _Decoder | None:
    if not _HAS_LZMA:  # pragma: no cover - Python built without liblzma
        return None
    options = _lzma_options(codec.method, codec.properties)
    chain = []
    for kind, properties in codec.filters:
        link = _filter_options(kind, properties)
        if link is None:
            return None
        chain.append(link)
    if options is None:
        return None
    # The decoder allocates its whole dictionary at once; a window as long as the
    # output is all decoding needs, so a hostile dictionary size costs nothing.
    window = declared if declared is not None else _MIN_DICTIONARY
    options["dict_size"] = max(_MIN_DICTIONARY, min(options["dict_size"], window))
    try:
        return lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[*chain, options])
    except (lzma.LZMAError, ValueError):
        return None


def _lzma_options(method: Method, properties: bytes) -> dict[str, int] | None:
    if method is Method.LZMA:
        if len(properties) != _LZMA_PROPERTIES_SIZE or properties[0] >= _LZMA_PROPERTY_LIMIT:
            return None
        lc, rest = properties[0] % 9, properties[0] // 9
        return {
            "id": lzma.FILTER_LZMA1,
            "lc": lc,
            "lp": rest % 5,
            "pb": rest // 5,
            "dict_size": int.from_bytes(properties[1:], "little"),
        }
    if len(properties) != 1 or properties[0] > _LZMA2_LARGEST:
        return None
    bits = properties[0]
    size = 0xFFFFFFFF if bits == _LZMA2_LARGEST else (2 | (bits & 1)) << (bits // 2 + 11)
    return {"id": lzma.FILTER_LZMA2, "dict_size": size}


def _filter_options(kind: Filter, properties: bytes) -> dict[str, int] | None:
    if kind is Filter.DELTA:
        return (
            {"id": lzma.FILTER_DELTA, "dist": properties[0] + 1} if len(properties) == 1 else None
        )
    ids = {
        Filter.X86: lzma.FILTER_X86,
        Filter.POWERPC: lzma.FILTER_POWERPC,
        Filter.IA64: lzma.FILTER_IA64,
        Filter.ARM: lzma.FILTER_ARM,
        Filter.ARM_THUMB: lzma.FILTER_ARMTHUMB,
        Filter.SPARC: lzma.FILTER_SPARC,
    }
    if not properties:
        return {"id": ids[kind]}
    if len(properties) == _START_OFFSET_SIZE:
        return {"id": ids[kind], "start_offset": int.from_bytes(properties, "little")}
    return None
