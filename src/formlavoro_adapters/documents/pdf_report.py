"""AP-9 applications reports as A4 PDF: the citizen's applications in a dated table."""

from __future__ import annotations

import contextlib
import pathlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Final

from formlavoro_adapters.documents.pdf_writer import _GREY, _PdfWriter
from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.locale import Language
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.texts import Text, Translator, _p

if TYPE_CHECKING:
    from formlavoro_core.documents import ApplicationsReport


with contextlib.suppress(ImportError):  # the writer refuses to start without them
    from fpdf import FPDF, FontFace

__all__ = ["PdfApplicationsReportRenderer"]

_COLUMNS: Final = (
    _p("applications report column", "Submitted"),
    _p("applications report column", "Offer"),
    _p("applications report column", "Published by"),
    _p("applications report column", "Workplace"),
    _p("applications report column", "Status"),
    _p("applications report column", "Status since"),
    _p("applications report column", "Offer status"),
)

# Relative widths of the report's columns, in millimetres of an A4 portrait page.
_COLUMN_WIDTHS = (24, 44, 31, 29, 20, 24, 18)


class PdfApplicationsReportRenderer(_PdfWriter):
    """AP-9 applications reports as A4 PDFs: a header, then a table that runs over pages.

    Every page repeats the column headings and carries "page n of m" and the citizen's
    fiscal code at the foot, so loose printed pages stay attributable.

    Args:
        language: the language of the labels.
        translator: renders them (the library's catalogues by default).
        font_file: a TrueType/OpenType font to embed instead of the core Helvetica.
        bold_font_file: its bold face; without it headings use ``font_file``.

    Raises:
        ConfigurationError: fpdf2 is missing, or a font file does not exist.

    >>> PdfApplicationsReportRenderer().media_type
    'application/pdf'
    """

    _WORDS: ClassVar[Mapping[str, Text]] = {
        "report": _p("applications report", "List of applications"),
        "citizen": _p("applications report", "Citizen"),
        "fiscal_code": _p("applications report", "Fiscal code"),
        "generated": _p("applications report", "Generated on"),
        "zone": _p("applications report", "Time zone"),
        "count": _p("applications report", "Applications"),
        "none": _p("applications report", "No applications."),
    }

    def __init__(
        self,
        *,
        language: Language = Language.ITALIAN,
        font_file: str | pathlib.Path | None = None,
        bold_font_file: str | pathlib.Path | None = None,
        translator: Translator | None = None,
    ) -> None:
        super().__init__(
            language=language,
            font_file=font_file,
            bold_font_file=bold_font_file,
            translator=translator,
        )

    def render(self, report: ApplicationsReport, /) -> bytes:
        """Return the report as a PDF of as many A4 pages as its rows need."""
        labels = self._labels
        pdf = self._document(
            size="A4",
            created_at=report.generated_at,
            title=f"{labels['report']} - {report.citizen_name}",
        )
        pdf.set_margins(10, 12, 10)
        pdf.set_auto_page_break(auto=True, margin=16)
        pdf.add_page()
        self._font(pdf, size=16, bold=True)
        self._line(pdf, labels["report"], height=9)
        pdf.ln(2)
        generated = self._moment(report.generated_at, report.timezone)
        for label, value in (
            (labels["citizen"], report.citizen_name),
            (labels["fiscal_code"], report.fiscal_code),
            (labels["generated"], generated),
            (labels["zone"], str(report.timezone)),
            (labels["count"], str(len(report.rows))),
        ):
            self._font(pdf, size=10, bold=True)
            pdf.cell(38, 6, self._text(f"{label}:"))
            self._font(pdf, size=10)
            self._line(pdf, value, height=6)
        pdf.ln(4)
        if report.rows:
            self._table(pdf, report)
        else:
            self._font(pdf, size=10)
            self._line(pdf, labels["none"], height=6)
        self._footers(pdf, report.fiscal_code)
        return bytes(pdf.output())

    def _table(self, pdf: FPDF, report: ApplicationsReport) -> None:
        zone = report.timezone
        self._font(pdf, size=8)
        with pdf.table(
            col_widths=_COLUMN_WIDTHS,
            width=pdf.epw,
            text_align="LEFT",
            line_height=4,
            padding=1,
            headings_style=FontFace(emphasis="BOLD", fill_color=230),
            repeat_headings=1,
        ) as table:
            headings = table.row()
            for heading in _COLUMNS:
                headings.cell(self._text(self._say(heading)))
            for entry in report.rows:
                cells = table.row()
                for value in (
                    self._moment(entry.submitted_at, zone, named=False),
                    entry.offer_title,
                    entry.publisher,
                    entry.workplace,
                    self._status(entry.status, ApplicationStatus),
                    self._moment(entry.status_changed_at, zone, named=False),
                    self._status(entry.offer_status, OfferStatus),
                ):
                    cells.cell(self._text(value))

    def _status(self, value: str, kind: type[ApplicationStatus] | type[OfferStatus]) -> str:
        """A status code of the report as its label (the code itself if unknown)."""
        try:
            return self._say(kind(value).label)
        except ValueError:
            return value

    def _footers(self, pdf: FPDF, fiscal_code: str) -> None:
        pages = pdf.pages_count
        pdf.set_auto_page_break(auto=False)
        for page in range(1, pages + 1):
            pdf.page = page
            pdf.set_y(-12)
            pdf.set_text_color(_GREY)
            self._font(pdf, size=8)
            pdf.cell(pdf.epw / 2, 5, self._text(fiscal_code))
            number = self._say(
                _p("applications report", "Page {page} of {pages}", page=page, pages=pages)
            )
            pdf.cell(pdf.epw / 2, 5, self._text(number), align="R")
