r"""PDF attachments, checked by structure without rendering anything (SEC-7).

The whole file is read as a reader would find objects in it, without trusting its
cross-reference table (a hostile file can make tables and readers disagree):

- the text of the file, everything outside stream data, is searched for the *names*
  of active content, as PDF names are compared: exactly, after ``#xx`` escapes are
  decoded (``/J#61vaScript`` is ``/JavaScript``);
- stream data is skipped, since images and fonts are binary and would match by
  chance, except where it holds an object header or a trailer (an object hidden in
  a stream's data is still found by a reader told its offset);
- object streams (``/Type /ObjStm``, or any stream with ``/N`` and ``/First``), where
  PDF 1.5 and later compress most dictionaries, are decoded within the budget
  (FlateDecode, ASCIIHexDecode, ASCII85Decode; another filter or a predictor means
  unreadable) and searched too;
- every stream keyword must follow an object header and one well-formed dictionary;
  anything else is unreadable, since the checks could not tell what the stream is.

Names refused, each with its code:

- ``/JS``, ``/JavaScript``, ``/XFA``: scripts, wherever they hang (an ``/OpenAction``,
  a link, a form field, the document's name tree): ``pdf_javascript``;
- ``/Launch``: an action that starts a program: ``pdf_launch``;
- ``/AA``: actions that run by themselves on opening a page or focusing a field:
  ``pdf_auto_action``. An ``/OpenAction`` that shows a page (what most writers put) is
  fine; one that runs a script is refused by its ``/JS``;
- ``/EmbeddedFile``, ``/EmbeddedFiles``, ``/EF``, ``/FileAttachment``,
  ``/RichMedia``: files carried inside to be opened from it: ``embedded_file``;
- ``/Encrypt``: an encrypted file, whose object streams cannot be read: ``encrypted``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Final, TypeAlias

from formlavoro_core.cv.content.hazards import MAX_PDF_STREAMS, Hazard
from formlavoro_core.cv.content.streams import Codec, Collector, Method, expand

if TYPE_CHECKING:
    from collections.abc import Mapping

    from formlavoro_core.cv.content.hazards import Budget

__all__ = ["inspect_pdf"]

_WHITE: Final = rb"\x00\t\n\x0c\r "
_DELIMITER: Final = rb"()<>\[\]{}/%"
_REGULAR: Final = rb"[^" + _WHITE + _DELIMITER + rb"]"

_ACTIVE_NAMES: Final[Mapping[str, Hazard]] = {
    "JS": Hazard.PDF_JAVASCRIPT,
    "JavaScript": Hazard.PDF_JAVASCRIPT,
    "XFA": Hazard.PDF_JAVASCRIPT,
    "Launch": Hazard.PDF_LAUNCH,
    "AA": Hazard.PDF_AUTO_ACTION,
    "EmbeddedFile": Hazard.EMBEDDED_FILE,
    "EmbeddedFiles": Hazard.EMBEDDED_FILE,
    "EF": Hazard.EMBEDDED_FILE,
    "FileAttachment": Hazard.EMBEDDED_FILE,
    "RichMedia": Hazard.EMBEDDED_FILE,
    "Encrypt": Hazard.ENCRYPTED,
}
# The answer when several are present.
_PRIORITY: Final = (
    Hazard.PDF_JAVASCRIPT,
    Hazard.PDF_LAUNCH,
    Hazard.EMBEDDED_FILE,
    Hazard.PDF_AUTO_ACTION,
    Hazard.ENCRYPTED,
)


def _spelled(name: str) -> bytes:
    # Each character as itself or as a #xx escape, hex digits in either case.
    parts = []
    for char in name:
        escape = "".join(f"[{d.upper()}{d.lower()}]" for d in f"{ord(char):02x}")
        parts.append(f"(?:{re.escape(char)}|#{escape})")
    return "".join(parts).encode("ascii")


_ACTIVE: Final = re.compile(
    b"/(?:"
    + b"|".join(_spelled(name) for name in sorted(_ACTIVE_NAMES, key=len, reverse=True))
    + b")(?![^"
    + _WHITE
    + _DELIMITER
    + b"])"
)
_ESCAPE: Final = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM: Final = b"stream"
_ENDSTREAM: Final = b"endstream"
_OBJ: Final = b"obj"
_TRAILER: Final = b"trailer"
# The object number and generation before "obj" (searched back from an "obj").
_NUMBERS_BEFORE: Final = re.compile(rb"\d+[" + _WHITE + rb"]+\d+[" + _WHITE + rb"]+\Z")
_LOOK_BACK: Final = 48
# How many "obj" to try before giving up: a real header is the first one found.
_MAX_CANDIDATES: Final = 64
_MAX_DICTIONARY: Final = 64 * 1024

_TOKEN: Final = re.compile(
    rb"(?P<space>[" + _WHITE + rb"]+|%[^\r\n]*)"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<hex><[0-9A-Fa-f" + _WHITE + rb"]*>)"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<string>\()"
    rb"|(?P<word>" + _REGULAR + rb"+)"
)
_MAX_DEPTH: Final = 32
_BACKSLASH, _OPEN_PARENTHESIS, _CLOSE_PARENTHESIS = 0x5C, 0x28, 0x29
_ZLIB_HEADER_SIZE: Final = 2
_ZLIB_DEFLATE: Final = 8
_FLATE: Final = frozenset({"FlateDecode", "Fl"})
_HEX: Final = frozenset({"ASCIIHexDecode", "AHx"})
_BASE85: Final = frozenset({"ASCII85Decode", "A85"})

# A parsed value: a name ("/Type"), a number or keyword (b"12"), a string (None), a
# reference ("R", number, generation), an array or a dictionary.
_Value: TypeAlias = (
    "str | bytes | tuple[str, bytes, bytes] | list[_Value] | dict[str, _Value] | None"
)


class _Malformed(Exception):
    """A stream whose object cannot be parsed (internal: becomes ``unreadable``)."""


class _TooManyStreams(Exception):
    """More than :data:`MAX_PDF_STREAMS` (internal: becomes ``too_many_entries``)."""


def inspect_pdf(content: bytes, budget: Budget) -> Hazard | None:
    """Refuse a PDF holding scripts, launch actions, automatic actions or files."""
    try:
        regions, object_streams = _layout(content)
    except _Malformed:
        return Hazard.UNREADABLE
    except _TooManyStreams:
        return Hazard.TOO_MANY_ENTRIES
    found = {hazard for start, end in regions for hazard in _names_in(content, start, end)}
    if not found:
        for dictionary, start, end in object_streams:
            decoded = _decode(content[start:end], dictionary, budget)
            if isinstance(decoded, Hazard):
                return decoded
            found.update(_names_in(decoded, 0, len(decoded)))
    return next((hazard for hazard in _PRIORITY if hazard in found), None)


def _names_in(data: bytes, start: int, end: int) -> set[Hazard]:
    return {
        _ACTIVE_NAMES[_unescape(match.group()[1:]).decode("latin-1")]
        for match in _ACTIVE.finditer(data, start, end)
    }


def _unescape(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name)


_Layout: TypeAlias = tuple[list[tuple[int, int]], list[tuple[dict[str, _Value], int, int]]]


def _layout(content: bytes) -> _Layout:
    """Split the file into text to search and the object streams to decode."""
    regions: list[tuple[int, int]] = []
    object_streams: list[tuple[dict[str, _Value], int, int]] = []
    position = 0
    for _ in range(MAX_PDF_STREAMS + 1):
        keyword = _next_stream_keyword(content, position)
        if keyword is None:
            regions.append((position, len(content)))
            return regions, object_streams
        keyword_start, body = keyword
        header_end = _last_object_header(content, position, keyword_start)
        if header_end is None:
            raise _Malformed  # a stream outside any object
        dictionary = _parse_dictionary(content, header_end, keyword_start)
        regions.append((position, keyword_start))
        end = _stream_end(content, body, dictionary.get("/Length"))
        if end is None:  # never closed: search the rest as text
            regions.append((body, len(content)))
            return regions, object_streams
        if _holds_objects(content, body, end):
            regions.append((body, end))
        if dictionary.get("/Type") == "/ObjStm" or {"/N", "/First"} <= dictionary.keys():
            object_streams.append((dictionary, body, end))
        position = content.index(_ENDSTREAM, end) + len(_ENDSTREAM)
    raise _TooManyStreams


def _next_stream_keyword(content: bytes, position: int) -> tuple[int, int] | None:
    """The next ``stream`` keyword (not ``endstream``) and where its data starts."""
    start = content.find(_STREAM, position)
    while start != -1:
        after = start + len(_STREAM)
        eol = 2 if content[after : after + 2] == b"\r\n" else 1
        if content[after : after + 1] in {b"\n", b"\r"} and not (
            start > 0 and chr(content[start - 1]).isalpha()
        ):
            return start, after + eol
        start = content.find(_STREAM, after)
    return None


def _is_header_end(content: bytes, start: int, obj: int) -> bool:
    return _NUMBERS_BEFORE.search(content, max(start, obj - _LOOK_BACK), obj) is not None


def _last_object_header(content: bytes, start: int, end: int) -> int | None:
    """Where the last ``<number> <generation> obj`` between start and end ends."""
    start = max(start, end - _MAX_DICTIONARY)
    obj = content.rfind(_OBJ, start, end)
    for _ in range(_MAX_CANDIDATES):
        if obj == -1:
            return None
        if _is_header_end(content, start, obj):
            return obj + len(_OBJ)
        obj = content.rfind(_OBJ, start, obj)
    return None


def _holds_objects(content: bytes, start: int, end: int) -> bool:
    """Whether stream data holds an object header or a trailer, as hidden objects do.

    Data full of ``obj`` is taken as holding objects: searching it as text is cheaper
    than telling the headers apart.
    """
    obj = content.find(_OBJ, start, end)
    for _ in range(_MAX_CANDIDATES):
        if obj == -1:
            return content.find(_TRAILER, start, end) != -1
        if _is_header_end(content, start, obj):
            return True
        obj = content.find(_OBJ, obj + len(_OBJ), end)
    return True


def _stream_end(content: bytes, body: int, length: _Value) -> int | None:
    if isinstance(length, bytes) and length.isdigit():
        end = body + int(length)
        if content[end : end + 2 + len(_ENDSTREAM)].lstrip(_WHITE_BYTES).startswith(_ENDSTREAM):
            return end
    end = content.find(_ENDSTREAM, body)
    return None if end == -1 else end


_WHITE_BYTES: Final = b"\x00\t\n\x0c\r "


def _parse_dictionary(content: bytes, start: int, end: int) -> dict[str, _Value]:
    """Parse the one dictionary between an object header and its ``stream`` keyword."""
    if end - start > _MAX_DICTIONARY:
        raise _Malformed
    tokens = list(_tokens(content, start, end))
    value, position = _parse_value(tokens, 0, 0)
    if not isinstance(value, dict) or position != len(tokens):
        raise _Malformed
    return value


def _tokens(content: bytes, start: int, end: int) -> list[tuple[str, bytes]]:
    tokens = []
    position = start
    while position < end:
        match = _TOKEN.match(content, position, end)
        if match is None:
            raise _Malformed
        kind = match.lastgroup or ""
        if kind == "string":
            position = _string_end(content, match.end(), end)
            tokens.append(("string", b""))
            continue
        if kind != "space":
            tokens.append((kind, match.group()))
        position = match.end()
    return tokens


def _string_end(content: bytes, position: int, end: int) -> int:
    depth = 1
    while position < end:
        byte = content[position]
        if byte == _BACKSLASH:  # the next byte is taken as it is
            position += 2
            continue
        depth += {_OPEN_PARENTHESIS: 1, _CLOSE_PARENTHESIS: -1}.get(byte, 0)
        position += 1
        if depth == 0:
            return position
    raise _Malformed


def _parse_value(tokens: list[tuple[str, bytes]], position: int, depth: int) -> tuple[_Value, int]:
    if position >= len(tokens) or depth > _MAX_DEPTH:
        raise _Malformed
    kind, text = tokens[position]
    if kind == "open":
        return _parse_container(tokens, position + 1, depth, is_dictionary=text == b"<<")
    if kind == "name":
        return "/" + _unescape(text[1:]).decode("latin-1"), position + 1
    if kind in {"string", "hex"}:
        return None, position + 1
    if kind == "word":
        following = tokens[position + 1 : position + 3]
        if text.isdigit() and following[1:] == [("word", b"R")]:
            return ("R", text, following[0][1]), position + 3
        return text, position + 1
    raise _Malformed


def _parse_container(
    tokens: list[tuple[str, bytes]], position: int, depth: int, *, is_dictionary: bool
) -> tuple[_Value, int]:
    items: list[_Value] = []
    while position < len(tokens) and tokens[position][0] != "close":
        item, position = _parse_value(tokens, position, depth + 1)
        items.append(item)
    if position >= len(tokens) or tokens[position][1] != (b">>" if is_dictionary else b"]"):
        raise _Malformed
    if not is_dictionary:
        return items, position + 1
    keys, values = items[0::2], items[1::2]
    if len(keys) != len(values) or not all(isinstance(key, str) for key in keys):
        raise _Malformed
    return {str(key): value for key, value in zip(keys, values, strict=True)}, position + 1


def _decode(raw: bytes, dictionary: dict[str, _Value], budget: Budget) -> bytes | Hazard:
    """Undo an object stream's filters, or say why it cannot be read."""
    filters = dictionary.get("/Filter")
    names = [filters] if isinstance(filters, str) else filters if filters is not None else []
    parameters = dictionary.get("/DecodeParms", dictionary.get("/DP"))
    if not isinstance(names, list) or not _without_predictor(parameters):
        return Hazard.UNREADABLE
    data = raw
    for name in names:
        filter_name = name[1:] if isinstance(name, str) else ""
        if filter_name in _FLATE:
            collected = Collector()
            method = Method.ZLIB if _has_zlib_header(data) else Method.DEFLATE
            hazard = expand(
                data, Codec(method), declared=None, exact=False, sink=collected, budget=budget
            )
            if hazard is not None:
                return hazard
            data = bytes(collected.data)
        elif filter_name in _HEX or filter_name in _BASE85:
            decoded = _ascii_decode(data, hexadecimal=filter_name in _HEX)
            if decoded is None or not budget.spend_bytes(len(decoded)):
                return Hazard.UNREADABLE if decoded is None else Hazard.COMPRESSION_BOMB
            data = decoded
        else:
            return Hazard.UNREADABLE
    return data


def _without_predictor(parameters: _Value) -> bool:
    entries = parameters if isinstance(parameters, list) else [parameters]
    for entry in entries:
        if entry is None or entry == b"null":
            continue
        if not isinstance(entry, dict):
            return False
        predictor = entry.get("/Predictor", b"1")
        if predictor != b"1":
            return False
    return True


def _has_zlib_header(data: bytes) -> bool:
    header = data[:_ZLIB_HEADER_SIZE]
    return (
        len(header) == _ZLIB_HEADER_SIZE
        and header[0] & 0x0F == _ZLIB_DEFLATE
        and int.from_bytes(header, "big") % 31 == 0
    )


def _ascii_decode(data: bytes, *, hexadecimal: bool) -> bytes | None:
    try:
        if hexadecimal:
            digits = re.sub(rb"[" + _WHITE + rb"]", b"", data.partition(b">")[0])
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        text = data.partition(b"~>")[0]
        return base64.a85decode(text, ignorechars=_WHITE_BYTES)
    except (ValueError, binascii.Error):
        return None
