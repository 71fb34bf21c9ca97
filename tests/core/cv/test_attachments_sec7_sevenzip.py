"""SEC-7: 7z archives holding programs, bombs, encryption or unreadable headers are refused."""

from __future__ import annotations

import pytest
from returns.result import Success

from formlavoro_core.cv.attachments import AttachmentFormat, check_attachment
from formlavoro_core.cv.content.hazards import MAX_ENTRIES
from tests.core.cv.hostile_files.pdf_documents import real_looking_pdf
from tests.core.cv.hostile_files.seven_zip_archives import AES, BCJ, COPY, LZMA2, PPMD, make_7z
from tests.core.cv.hostile_files.zip_archives import GIB, make_zip


def reason(content: bytes) -> str:
    result = check_attachment("bundle.7z", content)
    assert not isinstance(result, Success), "the 7z was accepted"
    return str(result.failure().reason)


def accepted(content: bytes) -> bool:
    return check_attachment("bundle.7z", content) == Success(AttachmentFormat.SEVEN_Z)


DOCUMENTS = [("cv.pdf", real_looking_pdf()), ("note.txt", b"Disponibile da subito." * 50)]


# --- accepted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coders", "encoded_header"),
    [
        ([LZMA2], None),
        ([LZMA2], []),  # 7-Zip's default: the header compressed with LZMA
        ([COPY], None),
        ([BCJ, LZMA2], []),  # what py7zr writes for every file
    ],
    ids=["lzma2", "encoded-header", "copy", "bcj-lzma2"],
)
def test_sec7_a_7z_of_documents_is_accepted(
    coders: list[tuple[bytes, bytes]], encoded_header: list[tuple[bytes, bytes]] | None
) -> None:
    """SEC-7: the header is read (decoded if encoded) and every file is judged."""
    assert accepted(
        make_7z([*DOCUMENTS, ("vuoto.txt", b"")], coders=coders, encoded_header=encoded_header)
    )


def test_sec7_a_7z_holding_a_clean_zip_is_accepted() -> None:
    """SEC-7: archives inside a 7z are looked into."""
    assert accepted(make_7z([("documenti.zip", make_zip({"cv.pdf": real_looking_pdf()}))]))


# --- programs -------------------------------------------------------------------------


def test_sec7_a_program_inside_a_7z_is_refused_by_its_name() -> None:
    """SEC-7: the names are in the (decoded) header."""
    content = make_7z([*DOCUMENTS, ("setup.exe", b"text")], encoded_header=[])
    assert reason(content) == "executable"


@pytest.mark.parametrize("coders", [[LZMA2], [BCJ, LZMA2], [COPY]], ids=["lzma2", "bcj", "copy"])
def test_sec7_a_program_inside_a_7z_is_refused_by_its_content(
    coders: list[tuple[bytes, bytes]],
) -> None:
    """SEC-7: solid folders are decoded and each file's first bytes sniffed."""
    content = make_7z([*DOCUMENTS, ("foto.jpg", b"MZ\x90\x00" + bytes(500))], coders=coders)
    assert reason(content) == "executable"


def test_sec7_a_program_in_a_zip_inside_a_7z_is_refused() -> None:
    """SEC-7: nesting does not hide it."""
    assert reason(make_7z([("docs.zip", make_zip({"run.js": b"WScript.Shell"}))])) == "executable"


# --- bombs and counts -----------------------------------------------------------------


def test_sec7_a_7z_declaring_1_gib_is_refused_without_decoding() -> None:
    """SEC-7: the declared size is past the budget."""
    content = make_7z([("zeros.bin", bytes(1024))], declared_sizes=[GIB])
    assert reason(content) == "compression_bomb"


def test_sec7_a_7z_whose_encoded_header_declares_1_gib_is_refused_before_decoding() -> None:
    """SEC-7: the LZMA decoder would size its window by the declared header size."""
    content = make_7z(DOCUMENTS, encoded_header=[], declared_header_size=GIB)
    assert reason(content) == "compression_bomb"


def test_sec7_a_7z_expanding_more_than_100_times_is_refused() -> None:
    """SEC-7: 16 MiB of zeros packed into a few kilobytes."""
    assert reason(make_7z([("zeros.bin", bytes(16 * 1024 * 1024))])) == "compression_bomb"


def test_sec7_a_7z_with_more_than_1000_files_is_refused() -> None:
    """SEC-7: the file count is bounded before the names are read."""
    files = [(f"f{index}.txt", b"") for index in range(MAX_ENTRIES + 1)]
    assert reason(make_7z(files)) == "too_many_entries"


# --- names and links --------------------------------------------------------------------


def test_sec7_a_7z_name_leading_outside_the_folder_is_refused() -> None:
    """SEC-7: "zip slip" in a 7z."""
    assert reason(make_7z([("../../autostart.txt", b"x")])) == "unsafe_path"


def test_sec7_a_7z_symbolic_link_is_refused() -> None:
    """SEC-7: p7zip stores the Unix mode in the high half of the attributes."""
    link = 0x8000 | (0o120777 << 16)
    assert reason(make_7z([("docs", b"/etc")], attributes=[link])) == "unsafe_path"


# --- what cannot be checked ---------------------------------------------------------------


def test_sec7_an_encrypted_7z_is_refused() -> None:
    """SEC-7 decision: 7zAES data cannot be checked."""
    assert reason(make_7z(DOCUMENTS, coders=[AES, LZMA2])) == "encrypted"


def test_sec7_a_7z_with_an_encrypted_header_is_refused() -> None:
    """SEC-7: with -mhe even the names are hidden."""
    content = make_7z(DOCUMENTS, encoded_header=[AES, (b"\x03\x01\x01", b"\x5d\x00\x00\x01\x00")])
    assert reason(content) == "encrypted"


def test_sec7_a_7z_whose_encoded_header_cannot_be_decoded_is_refused() -> None:
    """SEC-7 decision: a header encoded with a coder outside the standard library
    (here PPMd) cannot be listed, so the archive is refused as unreadable."""
    assert reason(make_7z(DOCUMENTS, encoded_header=[PPMD])) == "unreadable"


def test_sec7_a_7z_whose_data_needs_an_unavailable_coder_is_refused() -> None:
    """SEC-7: PPMd data cannot be decoded here, so its files cannot be judged."""
    assert reason(make_7z(DOCUMENTS, coders=[PPMD])) == "unreadable"


def test_sec7_a_7z_with_a_damaged_header_is_refused() -> None:
    """SEC-7: the header's CRC must match."""
    content = bytearray(make_7z(DOCUMENTS))
    content[-3] ^= 0xFF
    assert reason(bytes(content)) == "unreadable"


def test_sec7_a_7z_whose_header_lies_about_sizes_is_refused() -> None:
    """SEC-7: a folder that decodes to less than it declares is damaged."""
    content = make_7z([("cv.txt", b"x" * 1000)], declared_sizes=[5000])
    assert reason(content) == "unreadable"
