"""SEC-7: PDFs with scripts, launch actions, automatic actions or files are refused."""

from __future__ import annotations

import zlib

import pytest
from returns.result import Success

from formlavoro_core.cv.attachments import MAX_ATTACHMENT_BYTES, AttachmentFormat, check_attachment
from formlavoro_core.cv.content.hazards import MAX_PDF_STREAMS
from tests.core.cv.hostile_files.pdf_documents import (
    make_pdf_document,
    object_stream,
    pdf_stream,
    real_looking_pdf,
)
from tests.core.cv.hostile_files.zip_archives import make_zip


def reason(content: bytes, filename: str = "cv.pdf") -> str:
    result = check_attachment(filename, content)
    assert not isinstance(result, Success), f"{filename} was accepted"
    return str(result.failure().reason)


def catalog_with(extra: bytes) -> bytes:
    return make_pdf_document(
        [b"<</Type/Catalog/Pages 2 0 R" + extra + b">>", b"<</Type/Pages/Kids[]/Count 0>>"]
    )


# --- accepted -------------------------------------------------------------------------


def test_sec7_a_real_looking_pdf_is_accepted() -> None:
    """SEC-7: fonts, compressed contents, an image, a URI link, an outline and an
    /OpenAction showing a page are what CVs hold, and pass."""
    assert check_attachment("cv.pdf", real_looking_pdf()) == Success(AttachmentFormat.PDF)


def test_sec7_a_pdf_15_with_object_streams_and_an_xref_stream_is_accepted() -> None:
    """SEC-7: object streams are decoded and found clean; the xref stream's predictor
    is no obstacle, since it is not an object stream."""
    xref_data = zlib.compress(bytes(range(200)))
    content = make_pdf_document(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            object_stream([(2, b"<</Type/Pages/Kids[]/Count 0>>"), (4, b"<</Title(CV)>>")]),
            pdf_stream(
                b"/Type/XRef/Size 5/W[1 2 1]/Filter/FlateDecode"
                b"/DecodeParms<</Columns 4/Predictor 12>>",
                xref_data,
            ),
        ],
        version=b"1.5",
    )
    assert check_attachment("cv.pdf", content) == Success(AttachmentFormat.PDF)


def test_sec7_names_that_only_look_like_active_ones_are_accepted() -> None:
    """SEC-7: names compare exactly, as readers compare them: /JSON, /AAA, /Launcher
    and /javascript are other names."""
    content = catalog_with(b"/Info<</JSON 1/AAA 2/Launcher 3/javascript 4>>")
    assert check_attachment("cv.pdf", content) == Success(AttachmentFormat.PDF)


def test_sec7_a_binary_stream_that_happens_to_hold_active_names_is_accepted() -> None:
    """SEC-7: stream data (images, fonts) is not searched, so bytes that spell /JS by
    chance refuse nothing."""
    image = pdf_stream(b"/Subtype/Image/Width 4/Height 4", b"\x00/JS /AA \x01/Launch ")
    content = make_pdf_document([b"<</Type/Catalog/Pages 2 0 R>>", b"<<>>", image])
    assert check_attachment("cv.pdf", content) == Success(AttachmentFormat.PDF)


# --- polyglots ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [b"<html><body>", b"<script>alert(document.cookie)</script>", b"<SVG/onload=alert(1)>"],
)
def test_sec7_html_after_the_pdf_header_is_refused_as_a_polyglot(markup: bytes) -> None:
    """SEC-7: web-page markup near the start is what a sniffing browser would run."""
    pdf = real_looking_pdf()
    content = pdf[:9] + markup + b"\n" + pdf[9:]
    assert reason(content) == "polyglot"


def test_sec7_a_pdf_header_after_other_content_is_not_a_pdf() -> None:
    """SEC-7 decision: the header must open the file (readers allow 1,024 bytes in)."""
    content = b"<html><script>alert(1)</script></html>\n" + real_looking_pdf()
    assert reason(content) == "unknown_format"


def test_sec7_a_pdf_with_a_zip_appended_is_refused_as_a_polyglot() -> None:
    """SEC-7: archivers read a ZIP from the end, so the file is also an archive."""
    content = real_looking_pdf() + make_zip({"setup.exe": b"MZ\x90\x00"})
    assert reason(content) == "polyglot"


# --- active content -------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>",
        b"/OpenAction<</S/J#61vaScript/JS(app.alert(1))>>",
        b"/OpenAction<</S/JavaScript/#4A#53 (app.alert(1))>>",
        b"/Names<</JavaScript<</Names[(x) 9 0 R]>>>>",
        b"/AcroForm<</Fields[]/XFA 9 0 R>>",
    ],
    ids=["open-action", "hex-escaped-type", "hex-escaped-key", "name-tree", "xfa"],
)
def test_sec7_a_pdf_with_javascript_is_refused(action: bytes) -> None:
    """SEC-7: JavaScript, however its names are spelled, and XFA forms are refused."""
    assert reason(catalog_with(action)) == "pdf_javascript"


def test_sec7_javascript_inside_a_compressed_object_stream_is_refused() -> None:
    """SEC-7: PDF 1.5 writers compress dictionaries into object streams."""
    content = make_pdf_document(
        [
            b"<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>",
            b"<</Type/Pages/Kids[]/Count 0>>",
            object_stream([(4, b"<</S/JavaScript/JS(app.launchURL('x'))>>")]),
        ],
        version=b"1.5",
    )
    assert reason(content) == "pdf_javascript"


def test_sec7_javascript_inside_an_object_stream_with_a_filter_chain_is_refused() -> None:
    """SEC-7: ASCIIHexDecode over FlateDecode is undone too."""
    stream = object_stream([(4, b"<</S/JavaScript/JS(x)>>")], filters=("Flate", "AHx"))
    content = make_pdf_document([b"<</Type/Catalog>>", stream])
    assert reason(content) == "pdf_javascript"


def test_sec7_an_object_hidden_in_another_streams_data_is_found() -> None:
    """SEC-7: a reader told the offset of an object inside stream data parses it."""
    hidden = b"\n7 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n"
    content = make_pdf_document(
        [b"<</Type/Catalog/OpenAction 7 0 R>>", pdf_stream(b"/Subtype/Image", hidden)]
    )
    assert reason(content) == "pdf_javascript"


def test_sec7_a_pdf_with_a_launch_action_is_refused() -> None:
    """SEC-7: /Launch starts a program."""
    action = b"/OpenAction<</S/Launch/Win<</F(cmd.exe)/P(/c calc)>>>>"
    assert reason(catalog_with(action)) == "pdf_launch"


def test_sec7_a_pdf_with_automatic_actions_is_refused() -> None:
    """SEC-7: /AA runs actions on opening a page, without the reader choosing."""
    content = make_pdf_document(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/AA<</O<</S/URI/URI(https://tracker.example)>>>>>>",
        ]
    )
    assert reason(content) == "pdf_auto_action"


def test_sec7_a_pdf_with_an_embedded_file_is_refused() -> None:
    """SEC-7: attachments inside a PDF are files the checks cannot vouch for."""
    content = make_pdf_document(
        [
            b"<</Type/Catalog/Names<</EmbeddedFiles<</Names[(setup.exe) 2 0 R]>>>>>>",
            b"<</Type/Filespec/F(setup.exe)/EF<</F 3 0 R>>>>",
            pdf_stream(b"/Type/EmbeddedFile", b"MZ\x90\x00"),
        ]
    )
    assert reason(content) == "embedded_file"


def test_sec7_an_encrypted_pdf_is_refused() -> None:
    """SEC-7 decision: encrypted object streams cannot be read, so cannot be checked."""
    content = make_pdf_document(
        [b"<</Type/Catalog>>", b"<</Filter/Standard/V 2/R 3/O<00>/U<00>/P -4>>"],
        trailer=b"/Encrypt 2 0 R/ID[<01><01>]",
    )
    assert reason(content) == "encrypted"


# --- what cannot be checked ---------------------------------------------------------


def test_sec7_an_object_stream_with_an_undecodable_filter_is_refused() -> None:
    """SEC-7: an object stream the checks cannot decode could hold anything."""
    stream = object_stream([(4, b"<</S/JavaScript/JS(x)>>")], filters=("LZW",))
    content = make_pdf_document([b"<</Type/Catalog>>", stream])
    assert reason(content) == "unreadable"


def test_sec7_an_object_stream_with_a_predictor_is_refused() -> None:
    """SEC-7: a predictor would have to be undone before the names can be read."""
    data = zlib.compress(b"4 0 <</S/JavaScript/JS(x)>>")
    stream = pdf_stream(
        b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 5>>",
        data,
    )
    content = make_pdf_document([b"<</Type/Catalog>>", stream])
    assert reason(content) == "unreadable"


def test_sec7_an_object_stream_decoded_past_the_budget_is_a_bomb() -> None:
    """SEC-7: 64 MiB of object stream from 64 KB is decoded only up to the budget."""
    data = zlib.compress(bytes(64 * 1024 * 1024), 9)
    stream = pdf_stream(b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode", data)
    content = make_pdf_document([b"<</Type/Catalog>>", stream])
    assert reason(content) == "compression_bomb"


def test_sec7_a_stream_whose_dictionary_cannot_be_parsed_is_refused() -> None:
    """SEC-7: an object header inside a string would make the dictionary ambiguous."""
    data = zlib.compress(b"4 0 <</S/JavaScript/JS(x)>>")
    body = b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/T(9 0 obj)/Length %d>>" % len(data)
    content = make_pdf_document(
        [b"<</Type/Catalog>>", body + b"\nstream\n" + data + b"\nendstream"]
    )
    assert reason(content) == "unreadable"


def test_sec7_a_pdf_made_of_too_many_streams_is_refused() -> None:
    """SEC-7: more streams than a real file holds only make the check cost time."""
    streams = [pdf_stream(b"", b"q Q")] * (MAX_PDF_STREAMS + 1)
    content = make_pdf_document([b"<</Type/Catalog>>", *streams])
    assert len(content) <= MAX_ATTACHMENT_BYTES
    assert reason(content) == "too_many_entries"


def test_sec7_a_pdf_with_as_many_streams_as_allowed_is_accepted() -> None:
    """SEC-7: the stream limit itself is accepted."""
    streams = [pdf_stream(b"", b"q Q")] * (MAX_PDF_STREAMS - 1)
    content = make_pdf_document([b"<</Type/Catalog>>", *streams])
    assert check_attachment("cv.pdf", content) == Success(AttachmentFormat.PDF)
