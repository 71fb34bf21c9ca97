"""SEC-4, TX-1: the export's PDF summary reads in the citizen's language, from the catalogues."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from formlavoro_adapters.documents.privacy_summary import PdfPrivacySummaryRenderer
from formlavoro_core.locale import Language
from formlavoro_core.privacy.export import ExportSummary
from tests.adapters.documents.reading import text_lines

ROME = zoneinfo.ZoneInfo("Europe/Rome")


def _summary(language: Language) -> ExportSummary:
    return ExportSummary(
        name="Anna Rossi",
        fiscal_code="RSSNNA80A41H501X",
        language=language,
        made_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
        timezone=ROME,
        portal_name="Lavoro FVG",
        counts=(("cvs", 1), ("new_section", 4)),
        applications=(),
        readers=(("company", 2),),
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            Language.GERMAN,
            ["Ihre personenbezogenen Daten", "Lebenslauf: 1", "Niemand", "Unternehmen: 2"],
        ),
        (
            Language.ITALIAN,
            ["I tuoi dati personali", "Curriculum: 1", "Nessuno", "Aziende: 2"],
        ),
        (Language.FRENCH, ["Vos données personnelles", "CV: 1", "Personne", "Entreprises: 2"]),
        (Language.ENGLISH, ["Your personal data", "CV: 1", "Nobody", "Companies: 2"]),
    ],
)
def test_sec_4_tx_1_the_summary_is_in_the_citizens_language(
    language: Language, expected: list[str]
) -> None:
    """SEC-4, TX-1: headings and section names come from the catalogue of the language."""
    lines = text_lines(PdfPrivacySummaryRenderer().render(_summary(language)))
    for line in expected:
        assert line in lines, (line, lines)
    assert "new_section: 4" in lines  # a section without a text shows its key


def test_sec_4_the_portal_name_fills_the_translated_introduction() -> None:
    """SEC-4: the introduction names the portal inside the translated sentence."""
    lines = text_lines(PdfPrivacySummaryRenderer().render(_summary(Language.ITALIAN)))
    assert any(line.startswith("Riepilogo dei dati che Lavoro FVG conserva") for line in lines)
