"""``PdfTicketRenderer``: one page with the event, the holder, the code and its QR code."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import zoneinfo

import pytest

from formlavoro_adapters.documents import PdfApplicationsReportRenderer, PdfTicketRenderer
from formlavoro_adapters.documents.pdf import fit_to_core_font
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language

from .builders import PAYLOAD, SIGNER, report, ticket, utc
from .reading import content_streams, page_count, text_lines

DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def a6() -> bytes:
    return PdfTicketRenderer().render(ticket())


def test_a_ticket_is_a_one_page_pdf(a6: bytes) -> None:
    assert a6.startswith(b"%PDF-")
    assert a6.rstrip().endswith(b"%%EOF")
    assert page_count(a6) == 1
    assert PdfTicketRenderer().media_type == "application/pdf"


@pytest.mark.parametrize(
    ("size", "media_box"), [("A6", b"0 0 297.64 419.53"), ("A4", b"0 0 595.28 841.89")]
)
def test_the_page_is_a6_or_a4(size: str, media_box: bytes) -> None:
    pdf = PdfTicketRenderer(page_size=size).render(ticket())  # type: ignore[arg-type]
    assert re.search(rb"/MediaBox \[" + media_box + rb"\]", pdf)
    assert page_count(pdf) == 1


def test_the_ticket_names_the_event_place_organiser_and_holder(a6: bytes) -> None:
    text = "\n".join(text_lines(a6))
    for expected in (
        "BIGLIETTO D'INGRESSO",
        "Giornata del lavoro: Genova «Porto",
        "Magazzini del Cotone (Porto Antico), Genova",
        "Centro per l'impiego di Genova",
        "Zoë Dvorák-Perù",  # ř is not in the core font: it loses its caron
        "Intestatario",
    ):
        assert expected in text


def test_dates_and_times_are_shown_in_the_documents_time_zone(a6: bytes) -> None:
    lines = text_lines(a6)
    assert "martedì 12/05/2026" in lines
    assert "09:30 \N{EN DASH} 13:00 (CEST)" in lines
    assert "Emesso il 01/05/2026 10:00 (CEST)" in lines


def test_another_time_zone_moves_the_times() -> None:
    york = ticket(timezone=zoneinfo.ZoneInfo("America/New_York"))
    lines = text_lines(PdfTicketRenderer(language=Language.ENGLISH).render(york))
    assert "Tuesday 12/05/2026" in lines
    assert "03:30 \N{EN DASH} 07:00 (EDT)" in lines
    assert "Issued on 01/05/2026 04:00 (EDT)" in lines


def test_an_event_over_several_days_shows_both_dates() -> None:
    long = ticket(ends_at=utc(2026, 5, 13, 16, 0))
    lines = text_lines(PdfTicketRenderer(language=Language.FRENCH).render(long))
    assert "mardi 12/05/2026 \N{EN DASH} mercredi 13/05/2026" in lines
    assert "12/05/2026 09:30 (CEST) \N{EN DASH} 13/05/2026 18:00 (CEST)" in lines
    assert "Billet d'entrée".upper() in lines


def test_the_code_is_printed_in_groups_that_verify_as_typed(a6: bytes) -> None:
    lines = text_lines(a6)
    start = lines.index("Codice di accesso") + 1
    printed = lines[start:-1]
    assert all(re.fullmatch(r"[A-Z2-7]{1,4}( [A-Z2-7]{1,4})*", line) for line in printed)
    assert "".join("".join(printed).split()) == ticket().code
    assert SIGNER.verify(" ".join(printed)) == PAYLOAD


def test_the_qr_code_is_embedded_as_one_image(a6: bytes) -> None:
    assert len(re.findall(rb"/Subtype /Image", a6)) == 1
    assert re.search(rb"/I1 Do", b"".join(content_streams(a6)))


def test_rendering_is_deterministic_and_dated_at_issue() -> None:
    first = PdfTicketRenderer().render(ticket())
    assert first == PdfTicketRenderer().render(ticket())
    assert b"/CreationDate (D:20260501080000Z)" in first
    assert first != PdfTicketRenderer().render(ticket(holder_name="Anna Bianchi"))


def test_text_outside_the_core_font_loses_accents_or_becomes_question_marks() -> None:
    other = ticket(holder_name="Łukasz Dvořák 東京", event_name="Job day ✓ \N{EN DASH} “2026”")
    lines = text_lines(PdfTicketRenderer().render(other))
    assert "?ukasz Dvorák ??" in lines
    assert (
        "Job day ? \N{EN DASH} \N{LEFT DOUBLE QUOTATION MARK}2026\N{RIGHT DOUBLE QUOTATION MARK}"
        in lines
    )


def test_fit_to_core_font_keeps_latin_text_and_line_feeds() -> None:
    assert fit_to_core_font("Città\nÉcole «Noël» € 5") == "Città\nÉcole «Noël» € 5"
    assert fit_to_core_font("e\u0301te\u0301") == "été"  # combining accents are composed
    assert fit_to_core_font("tab\there\x00") == "tab here "
    assert fit_to_core_font("ﬁne ①") == "fine 1"


def test_naive_datetimes_are_a_bug() -> None:
    with pytest.raises(ValueError, match="aware"):
        PdfTicketRenderer().render(ticket(starts_at=dt.datetime(2026, 5, 12, 9, 30)))  # noqa: DTZ001


def test_a_page_size_other_than_a4_or_a6_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="A4 or A6"):
        PdfTicketRenderer(page_size="Letter")  # type: ignore[arg-type]


def test_a_missing_font_file_is_refused_when_built(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ConfigurationError, match="font file not found"):
        PdfTicketRenderer(font_file=tmp_path / "missing.ttf")
    with pytest.raises(ConfigurationError, match="needs font_file"):
        PdfTicketRenderer(bold_font_file=tmp_path / "bold.ttf")


def test_a_file_that_is_no_font_is_a_configuration_error(tmp_path: pathlib.Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")
    with pytest.raises(ConfigurationError, match="not a TrueType/OpenType font"):
        PdfTicketRenderer(font_file=bogus)


# fpdf2 leaves the file of a font that fontTools cannot parse open: not ours to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_damaged_font_is_a_configuration_error_when_rendering(tmp_path: pathlib.Path) -> None:
    damaged = tmp_path / "damaged.ttf"
    damaged.write_bytes(b"\x00\x01\x00\x00" + bytes(200))
    renderer = PdfTicketRenderer(font_file=damaged)
    with pytest.raises(ConfigurationError, match="cannot use font file"):
        renderer.render(ticket())


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed here")
def test_an_embedded_unicode_font_keeps_every_letter() -> None:
    renderer = PdfTicketRenderer(font_file=DEJAVU)
    pdf = renderer.render(ticket(holder_name="Łukasz Dvořák Ελένη"))
    assert page_count(pdf) == 1
    assert b"/FontFile2" in pdf
    assert pdf == renderer.render(ticket(holder_name="Łukasz Dvořák Ελένη"))
    report_pdf = PdfApplicationsReportRenderer(font_file=DEJAVU).render(report(rows=40))
    assert page_count(report_pdf) >= 2
