"""The PDF writer both renderers build on: fonts, text fitting, dates, the fpdf2 document.

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

import pathlib
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Final

from formlavoro_adapters.texts import GettextTranslator
from formlavoro_core.errors import ConfigurationError
from formlavoro_core.locale import Language
from formlavoro_core.texts import Text, Translator, _p

if TYPE_CHECKING:
    import datetime as dt


__all__ = ["fit_to_core_font"]


try:
    import segno  # noqa: F401 - tickets need it: its absence is refused here, with fpdf2's
    from fpdf import FPDF, XPos, YPos
except ImportError:  # pragma: no cover - exercised only without the extra
    _MISSING = True
else:
    _MISSING = False

_PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210, 297), "A6": (105, 148)}
_FAMILY = "formlavoro"
# The first bytes of TrueType, OpenType (CFF), Apple TrueType and font collection files.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
_CORE_FAMILY = "helvetica"
_CORE_ENCODING = "windows-1252"
_GREY = 110

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

    _WORDS: ClassVar[Mapping[str, Text]] = {}
    """The document's labels, rendered once in its language into ``_labels``."""

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
        self._labels = {key: self._say(text) for key, text in self._WORDS.items()}
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
