"""SEC-4: the readable summary of a citizen's data export, as an A4 PDF in their language."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING, Final

import attrs

from formlavoro_adapters.documents.pdf_writer import _PdfWriter
from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.locale import Language
from formlavoro_core.texts import Param, Text, _p

if TYPE_CHECKING:
    from formlavoro_core.privacy.export import ExportSummary

__all__ = ["PdfPrivacySummaryRenderer"]

_TEXTS: Final[dict[str, Text]] = {
    "title": _p("privacy summary", "Your personal data"),
    "intro": _p(
        "privacy summary",
        "A summary of the data {portal} keeps about you. The data.json file beside it "
        "holds all of it, in a form programs read.",
    ),
    "citizen": _p("privacy summary", "Citizen"),
    "fiscal_code": _p("privacy summary", "Fiscal code"),
    "made": _p("privacy summary", "Exported on"),
    "sections": _p("privacy summary", "Data kept"),
    "applications": _p("privacy summary", "Applications"),
    "readers": _p("privacy summary", "Who used your data (access log)"),
    "none": _p("privacy summary", "Nobody"),
    "accounts": _p("privacy summary", "Account and consents"),
    "password_resets": _p("privacy summary", "Password reset requests"),
    "login_failures": _p("privacy summary", "Login attempts counted"),
    "cvs": _p("privacy summary", "CV"),
    "outbox": _p("privacy summary", "Emails sent"),
    "saved_searches": _p("privacy summary", "Saved searches"),
    "alert_ledgers": _p("privacy summary", "Offer alerts sent"),
    "memberships": _p("privacy summary", "Event registrations"),
    "messages": _p("privacy summary", "Messages"),
    "unlock_requests": _p("privacy summary", "Requests to unlock your data"),
    "audit": _p("privacy summary", "Access log"),
    "company": _p("privacy summary", "Companies"),
    "cpi": _p("privacy summary", "Employment centres"),
    "operator": _p("privacy summary", "Portal staff"),
    "anonymous": _p("privacy summary", "Login attempts"),
    "system": _p("privacy summary", "The portal"),
    "training_entity": _p("privacy summary", "Training entities"),
}
"""The summary's texts, catalogue entries rendered in the citizen's language (TX-1)."""


class PdfPrivacySummaryRenderer:
    """SEC-4 export summaries as A4 PDFs, each in the citizen's language.

    Args:
        font_file: a TrueType/OpenType font to embed instead of the core Helvetica.
        bold_font_file: its bold face.

    >>> PdfPrivacySummaryRenderer().media_type
    'application/pdf'
    """

    def __init__(
        self,
        *,
        font_file: str | pathlib.Path | None = None,
        bold_font_file: str | pathlib.Path | None = None,
    ) -> None:
        self._fonts = (font_file, bold_font_file)
        self._translator = GettextTranslator()
        self._writer(Language.ITALIAN)  # refuses a missing fpdf2 or font now, not later

    @property
    def media_type(self) -> str:
        """Always ``application/pdf``."""
        return "application/pdf"

    def _writer(self, language: Language) -> _PdfWriter:
        return _PdfWriter(
            language=language,
            font_file=self._fonts[0],
            bold_font_file=self._fonts[1],
            translator=self._translator,
        )

    def render(self, summary: ExportSummary, /) -> bytes:
        """Return the summary: who, when, what is kept, the applications, the readers."""
        language = summary.language

        def word(key: str, **params: Param) -> str:
            text = _TEXTS.get(key)
            if text is None:
                return key
            return self._translator.render(attrs.evolve(text, params=params), language)

        writer = self._writer(language)
        pdf = writer._document(size="A4", created_at=summary.made_at, title=word("title"))
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()

        def heading(text: str, size: float = 12) -> None:
            pdf.ln(3)
            writer._font(pdf, size=size, bold=True)
            writer._line(pdf, text, height=8)

        def line(text: str) -> None:
            writer._font(pdf, size=10)
            writer._line(pdf, text, height=6)

        heading(word("title"), size=16)
        line(word("intro", portal=summary.portal_name))
        line(f"{word('citizen')}: {summary.name}")
        line(f"{word('fiscal_code')}: {summary.fiscal_code}")
        line(f"{word('made')}: {writer._moment(summary.made_at, summary.timezone)}")
        heading(word("sections"))
        for section, count in summary.counts:
            line(f"{word(section)}: {count}")
        heading(word("applications"))
        for title, status, day in summary.applications or ():
            line(f"{day:%d/%m/%Y} - {title} ({status})")
        if not summary.applications:
            line(word("none"))
        heading(word("readers"))
        for kind, count in summary.readers:
            line(f"{word(kind)}: {count}")
        if not summary.readers:
            line(word("none"))
        return bytes(pdf.output())
