"""Real files, benign and hostile, built with the standard library for the SEC-7 tests.

Every builder writes the format as readers expect it (offsets, CRCs, sizes), so a
file refused in a test is refused for the hazard it carries, not for being broken.
"""

from __future__ import annotations

import functools
import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Sequence

import attrs

# --- ZIP ------------------------------------------------------------------------------


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


# --- PDF ------------------------------------------------------------------------------


def make_pdf_document(
    objects: Sequence[bytes], *, version: bytes = b"1.7", trailer: bytes = b""
) -> bytes:
    """A PDF whose object ``n`` (from 1) is ``objects[n - 1]``, with a correct xref.

    Object 1 must be the catalog.
    """
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_stream(dictionary: bytes, data: bytes) -> bytes:
    """A stream object's body: ``dictionary`` (without ``<<>>``) plus its /Length."""
    return b"<<%s/Length %d>>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def object_stream(
    objects: Sequence[tuple[int, bytes]], *, filters: Sequence[str] = ("Flate",)
) -> bytes:
    """An object stream (PDF 1.5) holding ``(number, body)`` objects.

    ``filters`` are applied in order when encoding and listed in decoding order.
    """
    offsets, bodies, position = [], [], 0
    for number, body in objects:
        offsets.append(b"%d %d" % (number, position))
        bodies.append(body)
        position += len(body) + 1
    header = b" ".join(offsets) + b"\n"
    data = header + b"\n".join(bodies)
    names: list[str] = []
    for name in filters:
        if name == "Flate":
            data, names = zlib.compress(data), ["/FlateDecode", *names]
        elif name == "AHx":
            data, names = data.hex().encode() + b">", ["/ASCIIHexDecode", *names]
        elif name == "LZW":  # declared only: these bytes are not LZW
            names = ["/LZWDecode", *names]
    chain = b"[" + b" ".join(n.encode() for n in names) + b"]"
    return pdf_stream(
        b"/Type/ObjStm/N %d/First %d/Filter%s" % (len(objects), len(header), chain), data
    )


def real_looking_pdf(*extra_catalog: bytes) -> bytes:
    """A two-page CV: a font, compressed page contents, an image, a link, an outline,
    document information and an /OpenAction that shows the first page (as writers do).
    """
    page_text = zlib.compress(
        b"BT /F1 14 Tf 72 740 Td (Curriculum vitae - Anna Rossi) Tj ET\n"
        b"BT /F1 10 Tf 72 700 Td (Esperienze: cuoca, Genova, 2019-2024) Tj ET\n"
        b"q 40 0 0 40 480 720 cm /Im1 Do Q\n"
    )
    pixels = zlib.compress(bytes(range(256)) * 6)
    catalog = (
        b"<</Type/Catalog/Pages 2 0 R/Outlines 8 0 R/OpenAction[3 0 R/Fit]/PageMode/UseOutlines"
        + b"".join(extra_catalog)
        + b">>"
    )
    return make_pdf_document(
        [
            catalog,
            b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/MediaBox[0 0 595 842]>>",
            b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>/XObject<</Im1 7 0 R>>>>"
            b"/Contents 6 0 R/Annots[10 0 R]>>",
            b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>>>/Contents 6 0 R>>",
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
            pdf_stream(b"/Filter/FlateDecode", page_text),
            pdf_stream(
                b"/Type/XObject/Subtype/Image/Width 48/Height 32/ColorSpace/DeviceGray"
                b"/BitsPerComponent 8/Filter/FlateDecode",
                pixels,
            ),
            b"<</Type/Outlines/First 9 0 R/Last 9 0 R/Count 1>>",
            b"<</Title(Esperienze)/Parent 8 0 R/Dest[3 0 R/XYZ 0 842 0]>>",
            b"<</Type/Annot/Subtype/Link/Rect[72 600 300 620]/Border[0 0 0]"
            b"/A<</S/URI/URI(https://www.linkedin.com/in/anna-rossi)>>>>",
            b"<</Title(Curriculum vitae)/Author(Anna Rossi)/Producer(LibreOffice 7.6)>>",
        ],
        trailer=b"/Info 11 0 R",
    )


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


# --- 7z --------------------------------------------------------------------------------

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
