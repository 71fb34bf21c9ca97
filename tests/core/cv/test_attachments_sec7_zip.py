"""SEC-7: ZIP archives holding bombs, programs, escaping paths or hidden entries are refused."""

from __future__ import annotations

import io
import random
import stat
import zipfile

import pytest
from returns.result import Success

from formlavoro_core.cv.attachments import MAX_ATTACHMENT_BYTES, AttachmentFormat, check_attachment
from formlavoro_core.cv.content.hazards import MAX_ENTRIES, MAX_EXPANDED_BYTES
from tests.core.cv.hostile_files.office_documents import make_docx
from tests.core.cv.hostile_files.pdf_documents import real_looking_pdf
from tests.core.cv.hostile_files.seven_zip_archives import LZMA2, make_7z
from tests.core.cv.hostile_files.zip_archives import (
    GIB,
    make_zip,
    raw_entry,
    raw_zip,
    unicode_path_field,
    zip_bomb,
)


def reason(content: bytes, filename: str = "bundle.zip") -> str:
    result = check_attachment(filename, content)
    assert not isinstance(result, Success), f"{filename} was accepted"
    return str(result.failure().reason)


def accepted(content: bytes, filename: str = "bundle.zip") -> bool:
    return check_attachment(filename, content) == Success(AttachmentFormat.ZIP)


# --- accepted -------------------------------------------------------------------------


def test_sec7_a_zip_of_pdfs_and_images_is_accepted() -> None:
    """SEC-7: the bundle a citizen sends: documents, scans, a folder."""
    content = make_zip(
        {
            "documenti/": b"",
            "documenti/cv.pdf": real_looking_pdf(),
            "documenti/diploma.pdf": real_looking_pdf(),
            "documenti/foto.png": b"\x89PNG\r\n\x1a\n" + bytes(500),
        }
    )
    assert accepted(content)


def test_sec7_stored_entries_are_accepted() -> None:
    """SEC-7: Stored is the other method every archiver writes."""
    content = make_zip({"cv.pdf": real_looking_pdf()}, compression=zipfile.ZIP_STORED)
    assert accepted(content)


def test_sec7_a_zip_holding_a_docx_holding_a_chart_workbook_is_accepted() -> None:
    """SEC-7: archives two levels deep are looked into and pass."""
    workbook = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})
    docx = make_docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    assert accepted(make_zip({"lettera.docx": docx, "cv.pdf": real_looking_pdf()}))


def test_sec7_a_zip_holding_a_clean_7z_is_accepted() -> None:
    """SEC-7: a 7z inside a ZIP is looked into with the same rules."""
    inner = make_7z([("cv.pdf", real_looking_pdf())])
    assert accepted(make_zip({"documenti.7z": inner}))


# --- bombs ----------------------------------------------------------------------------


def test_sec7_a_1_gib_zip_bomb_is_refused_without_inflating_it() -> None:
    """SEC-7: a real 1 GiB entry of zeros (right CRC, ~1 MB) is refused by its
    declared size; the budget is far below what inflating it would take."""
    content = zip_bomb()
    assert len(content) < MAX_ATTACHMENT_BYTES
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        (info,) = archive.infolist()
        assert info.file_size == GIB
        with archive.open("zeros.bin") as entry:
            assert entry.read(4096) == bytes(4096)
    assert reason(content) == "compression_bomb"


def test_sec7_a_bomb_declaring_a_small_size_is_caught_at_one_byte_past_it() -> None:
    """SEC-7: declared sizes cannot lie: the entry inflates past its declared 1 KiB."""
    assert reason(zip_bomb(declared=1024)) == "compression_bomb"


def test_sec7_an_entry_expanding_more_than_100_times_is_refused() -> None:
    """SEC-7: 8 MiB of zeros (within the budget) from 8 KB is a bomb by ratio."""
    assert reason(zip_bomb(total=8 * 1024 * 1024)) == "compression_bomb"


def test_sec7_entries_sharing_compressed_bytes_are_refused() -> None:
    """SEC-7: overlapping entries are how non-recursive bombs reuse one kernel."""
    entry = raw_entry("a.txt", bytes(4096))
    content = raw_zip([entry], listed=[0, 0])
    assert reason(content) == "compression_bomb"


def test_sec7_nested_archives_share_one_budget() -> None:
    """SEC-7: two inner archives of 20 MiB each pass alone and fail together."""
    noise = random.Random(7)  # noqa: S311 - seeded filler, not a secret
    text = b"".join(noise.randbytes(8) + bytes(600) for _ in range(3450))  # ~50 times
    members = {f"part{index}.txt": text for index in range(10)}
    inner = make_zip(members)
    assert accepted(inner)
    both = make_zip({"a.zip": inner, "b.zip": inner}, compression=zipfile.ZIP_STORED)
    assert MAX_EXPANDED_BYTES < 2 * 20 * 1024 * 1024
    assert reason(both) == "compression_bomb"


def test_sec7_more_than_1000_entries_are_refused() -> None:
    """SEC-7: the entry count is bounded before the directory is parsed."""
    content = make_zip({f"f{index}.txt": b"" for index in range(MAX_ENTRIES + 1)})
    assert reason(content) == "too_many_entries"


def test_sec7_exactly_1000_entries_are_accepted() -> None:
    """SEC-7: the limit itself passes."""
    assert accepted(make_zip({f"f{index}.txt": b"x" for index in range(MAX_ENTRIES)}))


# --- programs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "setup.exe",
        "fattura.pdf.js",
        "Documenti/CV.PDF.SCR",
        "cv.exe.",  # Windows drops the trailing dot
        "link.lnk",
        "run.ps1",
        "tool.jar",
        "avvia.bat",
        "script.vbs",
        "install.msi",
    ],
)
def test_sec7_a_program_or_script_inside_a_zip_is_refused_by_its_name(name: str) -> None:
    """SEC-7: a desktop runs a file by its extension, whatever its bytes."""
    assert reason(make_zip({name: b"harmless-looking text"})) == "executable"


@pytest.mark.parametrize(
    "head",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # Windows PE
        b"\x7fELF\x02\x01\x01\x00",  # Linux
        b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",  # Mach-O 64-bit
        b"#!/bin/sh\nrm -rf ~\n",  # a script naming its interpreter
        b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00",  # a shortcut
    ],
    ids=["pe", "elf", "mach-o", "shebang", "lnk"],
)
def test_sec7_a_program_inside_a_zip_is_refused_by_its_content(head: bytes) -> None:
    """SEC-7: a program named cv.pdf is still a program."""
    assert reason(make_zip({"cv.pdf": head + bytes(200)})) == "executable"


def test_sec7_a_program_two_archives_deep_is_refused() -> None:
    """SEC-7: nested archives are looked into."""
    inner = make_zip({"setup.exe": b"MZ"})
    assert reason(make_zip({"docs.zip": make_zip({"more.zip": inner})})) == "executable"


def test_sec7_a_program_in_a_7z_inside_a_zip_is_refused() -> None:
    """SEC-7: a 7z inside is decoded and its files judged too."""
    inner = make_7z([("cv.pdf", b"MZ\x90\x00" + bytes(100))], coders=[LZMA2])
    assert reason(make_zip({"documenti.7z": inner})) == "executable"


def test_sec7_a_pdf_with_javascript_inside_a_zip_is_refused() -> None:
    """SEC-7: PDFs inside archives get the PDF checks."""
    pdf = real_looking_pdf(b"/AA<</WC<</S/JavaScript/JS(x)>>>>")
    assert reason(make_zip({"cv.pdf": pdf})) == "pdf_javascript"


def test_sec7_a_pdf_header_after_markup_inside_a_zip_is_a_polyglot() -> None:
    """SEC-7: readers find %PDF- within 1,024 bytes; what comes before is searched."""
    assert reason(make_zip({"cv.pdf": b"<html>" + real_looking_pdf()})) == "polyglot"


def test_sec7_a_pdf_header_after_other_bytes_inside_a_zip_is_looked_into() -> None:
    """SEC-7: such a file is a PDF to readers, so it gets the PDF checks."""
    pdf = real_looking_pdf(b"/OpenAction<</S/Launch/F(calc.exe)>>")
    assert reason(make_zip({"cv.pdf": b"\x00" * 100 + pdf})) == "pdf_launch"


def test_sec7_a_text_file_mentioning_the_pdf_header_is_accepted() -> None:
    """SEC-7: looked into as a PDF, it holds nothing active."""
    assert accepted(make_zip({"leggimi.txt": b"I PDF iniziano con %PDF-1.7 e finiscono..."}))


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["../../.bashrc", "/etc/cron.d/job", "C:\\Users\\Public\\x.txt", "a\\..\\..\\x.txt", "a:b.txt"],
)
def test_sec7_a_name_leading_outside_the_folder_is_refused(name: str) -> None:
    """SEC-7: "zip slip": extracting would write outside the target folder."""
    assert reason(make_zip({name: b"x"})) == "unsafe_path"


def test_sec7_a_symbolic_link_entry_is_refused() -> None:
    """SEC-7: a link extracted first lets a later entry write through it."""
    info = zipfile.ZipInfo("docs")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, "/etc")
    assert reason(buffer.getvalue()) == "unsafe_path"


def test_sec7_a_nul_in_a_name_is_refused() -> None:
    """SEC-7: names cut at NUL by some tools and not by others are a disguise."""
    content = raw_zip([raw_entry("cv.pdf\x00.exe", b"x")])
    assert reason(content) == "unsafe_path"


def test_sec7_a_unicode_path_field_naming_a_program_is_refused() -> None:
    """SEC-7: 7-Zip and unzip extract under the Unicode-path name, not the header's."""
    extra = unicode_path_field("cv.exe", b"cv.pdf")
    content = raw_zip([raw_entry("cv.pdf", b"text", extra=extra)])
    assert reason(content) == "executable"


def test_sec7_a_local_header_naming_another_file_is_refused() -> None:
    """SEC-7: streaming extractors read the local header's name."""
    content = raw_zip([raw_entry("cv.pdf", b"text", local_name=b"cv.exe")])
    assert reason(content) == "unreadable"


def test_sec7_an_entry_hidden_between_listed_entries_is_refused() -> None:
    """SEC-7: an entry the directory does not list is still seen by streaming tools."""
    entries = [raw_entry("a.txt", b"a"), raw_entry("setup.exe", b"MZ"), raw_entry("b.txt", b"b")]
    assert reason(raw_zip(entries, listed=[0, 2])) == "unreadable"


# --- what cannot be checked -------------------------------------------------------------


def test_sec7_an_encrypted_entry_is_refused() -> None:
    """SEC-7 decision: its bytes cannot be checked, and encrypted archives are how
    malware gets past mail filters."""
    content = raw_zip([raw_entry("cv.pdf", b"ciphertext", flags=0x1)])
    assert reason(content) == "encrypted"


def test_sec7_an_aes_encrypted_entry_is_refused() -> None:
    """SEC-7: WinZip's AES entries use method 99."""
    content = raw_zip([raw_entry("cv.pdf", b"ciphertext", stored=True, method=99)])
    assert reason(content) == "encrypted"


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_sec7_compression_methods_other_than_deflate_are_refused(method: int) -> None:
    """SEC-7 decision: only Stored and Deflate are decoded within bounds here."""
    assert reason(make_zip({"cv.txt": b"hello"}, compression=method)) == "unreadable"


def test_sec7_a_damaged_deflate_stream_is_refused() -> None:
    """SEC-7: an entry that does not decode cannot be checked."""
    content = raw_zip([raw_entry("cv.txt", b"hello world", stored=True, method=8)])
    assert reason(content) == "unreadable"


def test_sec7_a_zip_whose_directory_cannot_be_read_is_refused() -> None:
    """SEC-7: what cannot be listed cannot be checked."""
    truncated = make_zip({"cv.txt": b"hello" * 100})[:80]
    assert reason(truncated) == "unreadable"


def test_sec7_archives_nested_three_levels_deep_are_refused() -> None:
    """SEC-7: two levels of archives inside an archive, no more."""
    level3 = make_zip({"cv.txt": b"x"})
    two_deep = make_zip({"b.zip": make_zip({"c.zip": level3})})
    assert accepted(two_deep)
    assert reason(make_zip({"a.zip": two_deep})) == "nested_archive"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("documenti.bin", b"Rar!\x1a\x07\x01\x00" + bytes(50)),
        ("documenti.dat", b"\x1f\x8b\x08\x00" + bytes(50)),
        ("disco.iso", b"plain bytes"),
    ],
    ids=["rar-by-content", "gzip-by-content", "iso-by-name"],
)
def test_sec7_an_archive_that_cannot_be_looked_into_is_refused(name: str, data: bytes) -> None:
    """SEC-7: RAR, gzip, disk images and the like hide what they hold from the checks."""
    assert reason(make_zip({name: data})) == "nested_archive"


def test_sec7_a_docx_holding_macros_is_refused_even_named_zip() -> None:
    """SEC-7: content is checked as the format it is, whatever the name says."""
    docx = make_docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert reason(docx, "lettera.zip") == "macro"
