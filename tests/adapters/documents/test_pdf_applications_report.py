"""``PdfApplicationsReportRenderer``: the dated list of a citizen's applications (AP-9)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest

from formlavoro_adapters.documents import PdfApplicationsReportRenderer
from formlavoro_core.locale import Language

from .builders import report, row
from .reading import page_count, page_streams, text_lines

HEADINGS = ["Inviata il", "Offerta", "Pubblicata da", "Sede di lavoro", "Stato", "Stato dal"]


def test_a_short_report_is_one_a4_page_with_the_citizen_and_every_row() -> None:
    pdf = PdfApplicationsReportRenderer().render(report(rows=3))
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf
    lines = text_lines(pdf)
    for expected in (
        "Elenco delle candidature",
        "Mario Rossi",
        "RSSMRA80A01D969P",
        "01/03/2026 11:00 (CET)",
        "Europe/Rome",
        "Pagina 1 di 1",
        *HEADINGS,
        "Cuoco/a capo partita n. 0",
        "Cuoco/a capo partita n. 2",
        "Genova (GE)",
        "inviata",
        "aperta",
    ):
        assert expected in lines
    assert any(line.startswith("Società Ligure") for line in lines)
    assert PdfApplicationsReportRenderer().media_type == "application/pdf"


def test_the_count_of_applications_is_stated() -> None:
    lines = text_lines(PdfApplicationsReportRenderer().render(report(rows=3)))
    assert lines[lines.index("Candidature:") + 1] == "3"


def test_row_dates_are_in_the_reports_time_zone() -> None:
    lines = text_lines(PdfApplicationsReportRenderer().render(report(rows=1)))
    assert "01/01/2026 10:15" in lines  # 09:15 UTC in winter
    assert "02/07/2026 00:30" in lines  # 22:30 UTC on 1 July is past midnight in Rome
    tokyo = report(rows=1, timezone=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert "01/01/2026 18:15" in text_lines(PdfApplicationsReportRenderer().render(tokyo))


def test_a_long_report_runs_over_pages_repeating_headings_and_footers() -> None:
    pdf = PdfApplicationsReportRenderer().render(report(rows=80))
    pages = page_count(pdf)
    assert pages >= 3
    texts = page_streams(pdf)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Pagina {number} di {pages}" in text
        assert "RSSMRA80A01D969P" in text
        assert "Inviata il" in text
    everything = "\n".join(texts)
    for number in range(80):
        assert f"Cuoco/a capo partita n. {number}\n" in everything


def test_an_empty_report_says_so() -> None:
    lines = text_lines(PdfApplicationsReportRenderer().render(report(rows=0)))
    assert "Nessuna candidatura." in lines
    assert "Inviata il" not in lines


@pytest.mark.parametrize(
    ("language", "title", "page"),
    [
        (Language.ENGLISH, "List of applications", "Page 1 of 1"),
        (Language.FRENCH, "Liste des candidatures", "Page 1 sur 1"),
        (Language.GERMAN, "Liste der Bewerbungen", "Seite 1 von 1"),
    ],
)
def test_labels_follow_the_language(language: Language, title: str, page: str) -> None:
    """TX-1: the report's words come from the catalogue of its language."""
    lines = text_lines(PdfApplicationsReportRenderer(language=language).render(report(rows=1)))
    assert title in lines
    assert page in lines


def test_tx_1_statuses_are_shown_as_labels_in_the_reports_language() -> None:
    """TX-1: the report shows the status labels, not their codes."""
    coded = attrs.evolve(row(0), status="not_selected", offer_status="expired")
    german = PdfApplicationsReportRenderer(language=Language.GERMAN)
    text = " ".join(text_lines(german.render(attrs.evolve(report(rows=0), rows=(coded,)))))
    assert "nicht ausgewählt" in text
    assert "abgelaufen" in text
    assert "not_selected" not in text


def test_rendering_is_deterministic_and_dated_at_generation() -> None:
    pdf = PdfApplicationsReportRenderer().render(report(rows=5))
    assert pdf == PdfApplicationsReportRenderer().render(report(rows=5))
    assert b"/CreationDate (D:20260301100000Z)" in pdf


def test_text_outside_the_core_font_is_fitted() -> None:
    changed = report(rows=0, citizen_name="Łukasz Dvořák")
    lines = text_lines(PdfApplicationsReportRenderer().render(changed))
    assert "?ukasz Dvorák" in lines


def test_naive_datetimes_are_a_bug() -> None:
    naive = report(rows=0, generated_at=dt.datetime(2026, 3, 1, 10))  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        PdfApplicationsReportRenderer().render(naive)
