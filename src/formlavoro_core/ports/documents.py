"""Ports that turn tickets, events, applications and data exports into files.

Each returns bytes of one media type; the core never knows PDF or iCalendar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from formlavoro_core.documents import (
        ApplicationsReport,
        CalendarEntry,
        TicketDocument,
    )
    from formlavoro_core.privacy.export import ExportSummary


__all__ = [
    "ApplicationsReportRenderer",
    "EventCalendar",
    "PrivacySummaryRenderer",
    "TicketRenderer",
]


class TicketRenderer(Protocol):
    """Turns a ticket into a printable file (EV-3)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, ticket: TicketDocument, /) -> bytes:
        """Return the ticket as a file."""
        ...


class EventCalendar(Protocol):
    """Turns an event into a calendar file (INT-3)."""

    def export(self, entry: CalendarEntry, /) -> bytes:
        """Return ``entry`` as an iCalendar (RFC 5545) file."""
        ...


class ApplicationsReportRenderer(Protocol):
    """Turns a citizen's applications into a printable dated list (AP-9)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, report: ApplicationsReport, /) -> bytes:
        """Return the report as a file."""
        ...


class PrivacySummaryRenderer(Protocol):
    """Turns the summary of a citizen's data export into a readable file (SEC-4)."""

    @property
    def media_type(self) -> str:
        """The media type of the files made, e.g. ``application/pdf``."""
        ...

    def render(self, summary: ExportSummary, /) -> bytes:
        """Return the summary as a file, in ``summary.language``."""
        ...
