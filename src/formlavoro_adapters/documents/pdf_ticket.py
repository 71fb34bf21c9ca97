"""EV-3 tickets as one PDF page, with the check-in code as a QR code."""

from __future__ import annotations

import contextlib
import io
import pathlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from formlavoro_adapters.documents.pdf_writer import (
    _GREY,
    _PAGE_SIZES_MM,
    _local,
    _PdfWriter,
    _zone_name,
)
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text, Translator, _p

if TYPE_CHECKING:
    from formlavoro_core.documents import TicketDocument


with contextlib.suppress(ImportError):  # the writer refuses to start without them
    import segno
    from fpdf import FPDF, XPos, YPos

__all__ = ["PageSize", "PdfTicketRenderer"]


PageSize = Literal["A4", "A6"]
# The QR code fills the free space up to this side, quiet zone included.
_QR_MAX_MM = {"A4": 90.0, "A6": 60.0}
_DASH = "\N{EN DASH}"


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

    _WORDS: ClassVar[Mapping[str, Text]] = {
        "ticket": _p("ticket", "Admission ticket"),
        "date": _p("ticket", "Date"),
        "time": _p("ticket", "Time"),
        "place": _p("ticket", "Place"),
        "organiser": _p("ticket", "Organiser"),
        "holder": _p("ticket", "Holder"),
        "code": _p("ticket", "Check-in code"),
        "issued": _p("ticket", "Issued on"),
    }

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
