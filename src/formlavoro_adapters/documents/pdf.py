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

The writer they share is :mod:`~formlavoro_adapters.documents.pdf_writer`; the tickets are
:mod:`~formlavoro_adapters.documents.pdf_ticket`, the reports
:mod:`~formlavoro_adapters.documents.pdf_report`. This module gathers them under one name.
"""

from __future__ import annotations

from formlavoro_adapters.documents.pdf_report import PdfApplicationsReportRenderer
from formlavoro_adapters.documents.pdf_ticket import PageSize, PdfTicketRenderer
from formlavoro_adapters.documents.pdf_writer import fit_to_core_font

__all__ = ["PageSize", "PdfApplicationsReportRenderer", "PdfTicketRenderer", "fit_to_core_font"]
