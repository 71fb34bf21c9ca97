"""PDF documents made with fpdf2 and segno: tickets (EV-3) and applications reports (AP-9).

Fonts: by default the PDF core font Helvetica, which needs no file and is never embedded.
Core fonts cover Windows-1252 only, so text is fitted to it: Italian, French, German and
Spanish letters, ``€`` and typographic quotes and dashes print as they are; other
letters lose their accents (``ř`` → ``r``, ``ő`` → ``o``); anything still outside
(Greek, Cyrillic, CJK, emoji) prints as ``?``. Portals whose citizens' names need more
pass ``font_file`` (and optionally ``bold_font_file``): a TrueType or OpenType font with
the needed glyphs, e.g. DejaVu Sans, which is then embedded (subset) and text kept whole.
fpdf2 bundles no such font, so the library ships none either.

Output is deterministic: the PDF creation date is the document's ``issued_at`` or
``generated_at``, so the same document always gives the same bytes.
"""

from __future__ import annotations

import io
import pathlib
import unicodedata
from typing import TYPE_CHECKING, Final, Literal, cast

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.texts import Text, Translator, _p

try:
    import segno
    from fpdf import FPDF, FontFace, XPos, YPos
except ImportError:  # pragma: no cover - exercised only without the extra
    _MISSING = True
else:
    _MISSING = False

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.documents import ApplicationsReport, TicketDocument

__all__ = ["PdfApplicationsReportRenderer", "PdfTicketRenderer"]

PageSize = Literal["A4", "A6"]

_PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210, 297), "A6": (105, 148)}
# The QR code fills the free space up to this side, quiet zone included.
_QR_MAX_MM = {"A4": 90.0, "A6": 60.0}
_FAMILY = "formlavoro"
# The first bytes of TrueType, OpenType (CFF), Apple TrueType and font collection files.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
_CORE_FAMILY = "helvetica"
_CORE_ENCODING = "windows-1252"
_GREY = 110
_DASH = "\N{EN DASH}"

# The words printed: catalogue texts, rendered in the document's language (TX-1).
_WEEKDAYS: Final = (
    _p("weekday", "Monday"),
    _p("weekday", "Tuesday"),
    _p("weekday", "Wednesday"),
    _p("weekday", "Thursday"),
    _p("weekday", "Friday"),
    _p("weekday", "Saturday"),
    _p("weekday", "Sunday"),
)
_WORDS: Final = {
    "ticket": _p("ticket", "Admission ticket"),
    "date": _p("ticket", "Date"),
    "time": _p("ticket", "Time"),
    "place": _p("ticket", "Place"),
    "organiser": _p("ticket", "Organiser"),
    "holder": _p("ticket", "Holder"),
    "code": _p("ticket", "Check-in code"),
    "issued": _p("ticket", "Issued on"),
    "report": _p("applications report", "List of applications"),
    "citizen": _p("applications report", "Citizen"),
    "fiscal_code": _p("applications report", "Fiscal code"),
    "generated": _p("applications report", "Generated on"),
    "zone": _p("applications report", "Time zone"),
    "count": _p("applications report", "Applications"),
    "none": _p("applications report", "No applications."),
}
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


def fit_to_core_font(text: str) -> str:
    """Fit ``text`` to the core fonts' Windows-1252: strip accents it lacks, else ``?``.

    Line feeds are kept, other control characters become spaces.

    >>> fit_to_core_font("Società «Perù» € 5 · Dvořák Łódź 東京")
    'Società «Perù» € 5 · Dvorák ?ódz ??'
    """
    fitted: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\n":
            fitted.append(char)
        elif unicodedata.category(char) == "Cc":
            fitted.append(" ")
        elif _encodable(char):
            fitted.append(char)
        else:
            bare = "".join(
                part
                for part in unicodedata.normalize("NFKD", char)
                if not unicodedata.combining(part)
            )
            fitted.append(bare if bare and _encodable(bare) else "?")
    return "".join(fitted)


def _encodable(text: str) -> bool:
    try:
        text.encode(_CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


class _PdfWriter:
    """What both renderers share: font choice, text fitting, dates, the fpdf2 document."""

    def __init__(
        self,
        *,
        language: Language,
        font_file: str | pathlib.Path | None,
        bold_font_file: str | pathlib.Path | None,
        translator: Translator | None,
    ) -> None:
        if _MISSING:
            raise ConfigurationError(
                "PDF documents need fpdf2 and segno: install formlavoro[documents]"
            )
        self._language = language
        self._translator = translator if translator is not None else GettextTranslator()
        self._labels = {key: self._say(text) for key, text in _WORDS.items()}
        self._weekdays = tuple(self._say(day) for day in _WEEKDAYS)
        self._fonts = tuple(
            None if path is None else pathlib.Path(path) for path in (font_file, bold_font_file)
        )
        if self._fonts[0] is None and self._fonts[1] is not None:
            raise ConfigurationError("bold_font_file needs font_file too")
        for path in self._fonts:
            if path is not None:
                _check_font(path)

    @property
    def media_type(self) -> str:
        """Always ``application/pdf``."""
        return "application/pdf"

    def _say(self, text: Text) -> str:
        return self._translator.render(text, self._language)

    def _document(self, *, size: str, created_at: dt.datetime, title: str) -> FPDF:
        pdf = FPDF(unit="mm", format=_PAGE_SIZES_MM[size])
        pdf.set_creation_date(created_at)
        pdf.set_creator("formlavoro")
        pdf.set_title(title)
        pdf.set_lang(self._language.value)
        regular, bold = self._fonts
        if regular is None:
            pdf.core_fonts_encoding = _CORE_ENCODING
            return pdf
        _load_font(pdf, regular, style="")
        _load_font(pdf, bold if bold is not None else regular, style="B")
        return pdf

    def _font(self, pdf: FPDF, *, size: float, bold: bool = False) -> None:
        family = _CORE_FAMILY if self._fonts[0] is None else _FAMILY
        pdf.set_font(family, "B" if bold else "", size)

    def _text(self, text: str) -> str:
        return fit_to_core_font(text) if self._fonts[0] is None else text

    def _line(self, pdf: FPDF, text: str, *, height: float, align: str = "L") -> None:
        pdf.multi_cell(
            0, height, self._text(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def _moment(self, moment: dt.datetime, zone: dt.tzinfo, *, named: bool = True) -> str:
        local = _local(moment, zone)
        return f"{local:%d/%m/%Y %H:%M}{_zone_name(local) if named else ''}"

    def _day(self, moment: dt.datetime, zone: dt.tzinfo) -> str:
        local = _local(moment, zone)
        weekday = self._weekdays[local.weekday()]
        return f"{weekday} {local:%d/%m/%Y}"


def _check_font(path: pathlib.Path) -> None:
    """Refuse, when the renderer is built, a font file that is missing or of another kind.

    A damaged font with a valid header is only found when rendering, where fpdf2 reads
    it; that also raises ``ConfigurationError``.
    """
    if not path.is_file():
        raise ConfigurationError(f"font file not found: {path}")
    with path.open("rb") as stream:
        magic = stream.read(4)
    if magic not in _FONT_MAGIC:
        raise ConfigurationError(f"cannot use font file {path}: not a TrueType/OpenType font")


def _load_font(pdf: FPDF, path: pathlib.Path, *, style: str) -> None:
    try:
        pdf.add_font(_FAMILY, style, path)
    except Exception as exc:  # fontTools raises its own errors on a damaged font
        raise ConfigurationError(f"cannot use font file {path}: {exc}") from exc


def _zone_name(local: dt.datetime) -> str:
    name = local.tzname()
    return f" ({name})" if name else ""


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"documents take aware datetimes only, got {moment!r}")
    return moment.astimezone(zone)


class PdfTicketRenderer(_PdfWriter):
    """EV-3 tickets as one PDF page: the event, its time and place, the holder, a QR code.

    The check-in code is printed in groups of four characters (which
    :class:`~formlavoro_adapters.tickets.HmacTicketSigner` reads back blanks and all)
    and encoded as it is in a QR code with a 4-module quiet zone and error correction
    level M, so a crumpled printout still scans.

    Args:
        page_size: ``"A6"`` (postcard, the default) or ``"A4"``.
        language: the language of the labels and weekday names.
        translator: renders them (the library's catalogues by default).
        font_file: a TrueType/OpenType font to embed instead of the core Helvetica.
        bold_font_file: its bold face; without it headings use ``font_file``.

    Raises:
        ConfigurationError: fpdf2 or segno are missing, or a font file does not exist.

    >>> PdfTicketRenderer().media_type
    'application/pdf'
    """

    def __init__(
        self,
        *,
        page_size: PageSize = "A6",
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
        if page_size not in _PAGE_SIZES_MM:
            raise ConfigurationError(f"ticket page size: A4 or A6, not {page_size!r}")
        self._page_size = page_size

    def render(self, ticket: TicketDocument, /) -> bytes:
        """Return the ticket as a one-page PDF."""
        small = self._page_size == "A6"
        pdf = self._document(
            size=self._page_size, created_at=ticket.issued_at, title=ticket.event_name
        )
        margin = 8.0 if small else 20.0
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(auto=False)
        pdf.add_page()
        scale = 1.0 if small else 1.6
        labels = self._labels

        pdf.set_text_color(_GREY)
        self._font(pdf, size=8 * scale)
        self._line(pdf, labels["ticket"].upper(), height=4 * scale)
        pdf.set_text_color(0)
        self._font(pdf, size=13 * scale, bold=True)
        self._line(pdf, ticket.event_name, height=6 * scale)
        pdf.ln(2 * scale)

        start = _local(ticket.starts_at, ticket.timezone)
        end = _local(ticket.ends_at, ticket.timezone)
        if start.date() == end.date():
            date = self._day(start, ticket.timezone)
            time = f"{start:%H:%M} {_DASH} {end:%H:%M}{_zone_name(end)}"
        else:
            zone = ticket.timezone
            date = f"{self._day(start, zone)} {_DASH} {self._day(end, zone)}"
            time = f"{self._moment(start, zone)} {_DASH} {self._moment(end, zone)}"
        for label, value in (
            (labels["date"], date),
            (labels["time"], time),
            (labels["place"], ticket.place),
            (labels["organiser"], ticket.organiser),
            (labels["holder"], ticket.holder_name),
        ):
            self._field(pdf, label, value, scale=scale)

        self._code_block(pdf, ticket, top=pdf.get_y(), margin=margin, scale=scale)
        return bytes(pdf.output())

    def _code_block(
        self, pdf: FPDF, ticket: TicketDocument, *, top: float, margin: float, scale: float
    ) -> None:
        """Lay out the QR code, the printed code and the issue date, from the bottom up."""
        code = _grouped(ticket.code)
        pdf.set_font("courier", "", 7.5 * scale)
        lines = pdf.multi_cell(0, 3.6 * scale, code, dry_run=True, output="LINES")
        code_lines = len(cast("list[str]", lines))
        footer_top = pdf.h - margin - 4 * scale
        below = 3.5 * scale + code_lines * 3.6 * scale + 2
        size = min(_QR_MAX_MM[self._page_size], footer_top - top - below - 3)
        pdf.image(_qr_png(ticket.code), x=(pdf.w - size) / 2, y=top + 1.5, w=size, h=size)

        pdf.set_y(top + size + 2.5)
        pdf.set_text_color(_GREY)
        self._font(pdf, size=7 * scale)
        self._line(pdf, self._labels["code"], height=3.5 * scale, align="C")
        pdf.set_text_color(0)
        pdf.set_font("courier", "", 7.5 * scale)
        pdf.multi_cell(0, 3.6 * scale, code, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(footer_top)
        pdf.set_text_color(_GREY)
        self._font(pdf, size=7 * scale)
        issued = self._moment(ticket.issued_at, ticket.timezone)
        self._line(pdf, f"{self._labels['issued']} {issued}", height=4 * scale, align="C")

    def _field(self, pdf: FPDF, label: str, value: str, *, scale: float) -> None:
        pdf.set_text_color(_GREY)
        self._font(pdf, size=7 * scale)
        self._line(pdf, label, height=3.2 * scale)
        pdf.set_text_color(0)
        self._font(pdf, size=10 * scale, bold=True)
        self._line(pdf, value, height=4.6 * scale)
        pdf.ln(0.8 * scale)


def _grouped(code: str) -> str:
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


def _qr_png(code: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make_qr(code, error="m").save(buffer, kind="png", scale=8, border=4)
    buffer.seek(0)
    return buffer


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
