"""Printable and importable documents: PDF tickets and reports, iCalendar files.

Needs the ``[documents]`` extra (``pip install formlavoro[documents]``: fpdf2, segno,
icalendar). Importing this package never fails without it; building a renderer whose
packages are missing raises :class:`~formlavoro_core.errors.ConfigurationError`.
Nothing in :mod:`formlavoro_adapters` imports it, so portals without the extra never pay.
"""

from formlavoro_adapters.documents.calendar import ICalendarEventCalendar
from formlavoro_adapters.documents.pdf import PdfApplicationsReportRenderer, PdfTicketRenderer
from formlavoro_adapters.documents.privacy_summary import PdfPrivacySummaryRenderer

__all__ = [
    "ICalendarEventCalendar",
    "PdfApplicationsReportRenderer",
    "PdfPrivacySummaryRenderer",
    "PdfTicketRenderer",
]
