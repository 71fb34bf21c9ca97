"""Documents the portal hands out, as plain values that rendering adapters turn into files.

The core decides what a ticket, a calendar entry or an applications report says; the
adapters behind :class:`~formlavoro_core.ports.TicketRenderer`,
:class:`~formlavoro_core.ports.EventCalendar` and
:class:`~formlavoro_core.ports.ApplicationsReportRenderer` decide how it looks (PDF,
iCalendar).
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = ["ApplicationsReport", "CalendarEntry", "ReportRow", "TicketDocument"]


@attrs.frozen(kw_only=True)
class TicketDocument:
    """EV-3: the ticket of a citizen for an in-person recruitment day.

    ``code`` is the unforgeable check-in code; renderers print it and encode it in a QR
    code that the door scanner reads back into ``portal.events.check_in``.
    """

    event_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    organiser: str
    holder_name: str
    code: str
    issued_at: dt.datetime
    timezone: dt.tzinfo


@attrs.frozen(kw_only=True)
class CalendarEntry:
    """INT-3: an event as a calendar entry."""

    uid: str
    name: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str | None
    online: bool
    organiser_name: str
    organiser_email: str | None
    created_at: dt.datetime


@attrs.frozen(kw_only=True)
class ReportRow:
    """AP-9: one application in the dated list."""

    submitted_at: dt.datetime
    offer_title: str
    publisher: str
    workplace: str
    status: str
    status_changed_at: dt.datetime
    offer_status: str


@attrs.frozen(kw_only=True)
class ApplicationsReport:
    """AP-9: the proof of job search a citizen prints for income-support schemes."""

    citizen_name: str
    fiscal_code: str
    generated_at: dt.datetime
    timezone: dt.tzinfo
    rows: tuple[ReportRow, ...]
