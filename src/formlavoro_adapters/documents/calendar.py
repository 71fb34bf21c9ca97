"""iCalendar (RFC 5545) files made with the ``icalendar`` package, for INT-3.

One ``VCALENDAR`` (``METHOD:PUBLISH``) holding one ``VEVENT``; every time is written in
UTC (``...Z``), so no ``VTIMEZONE`` is needed and every calendar app agrees on it. Lines
end with CRLF and are folded at 75 octets, text is UTF-8.

Decisions the RFC leaves open:

* ``LOCATION`` is the venue of an in-person event. An online event carries its
  ``location`` if the core gives one (a meeting link or a platform name) and otherwise
  the word ``Online``, so calendar apps never show it as happening nowhere; a link
  (``http://``/``https://``) is repeated as ``URL``, which apps make clickable.
* ``ORGANIZER`` needs an address (``mailto:``): it is written with the organiser's name
  as ``CN`` when an email exists; without one the name goes to ``CONTACT``.
* ``DTSTAMP`` is the entry's ``created_at``, so the same entry always gives the same file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from formlavoro_core.errors import ConfigurationError

try:
    import icalendar
except ImportError:  # pragma: no cover - exercised only without the extra
    _MISSING = True
else:
    _MISSING = False

if TYPE_CHECKING:
    from formlavoro_core.documents import CalendarEntry

__all__ = ["DEFAULT_PRODUCT_ID", "ICalendarEventCalendar"]

DEFAULT_PRODUCT_ID = "-//formlavoro//formlavoro//EN"
"""The ``PRODID`` written unless the portal names itself."""

_ONLINE = "Online"
_LINK_SCHEMES = ("http://", "https://")


def _utc(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"calendar entries take aware datetimes only; {name} is {moment!r}")
    return moment.astimezone(dt.UTC)


class ICalendarEventCalendar:
    """Exports recruitment events as ``.ics`` files that calendar apps import (INT-3).

    Args:
        product_id: the ``PRODID`` naming the portal, e.g. ``-//Regione X//Portale//IT``.
        uid_domain: appended as ``@uid_domain`` to entry uids that have no ``@``, making
            them globally unique as RFC 5545 asks (e.g. the portal's host name).

    Raises:
        ConfigurationError: the ``icalendar`` package is missing.

    >>> ICalendarEventCalendar().media_type
    'text/calendar'
    """

    def __init__(
        self, *, product_id: str = DEFAULT_PRODUCT_ID, uid_domain: str | None = None
    ) -> None:
        if _MISSING:
            raise ConfigurationError(
                "iCalendar files need icalendar: install formlavoro[documents]"
            )
        self._product_id = product_id
        self._uid_domain = uid_domain

    @property
    def media_type(self) -> str:
        """``text/calendar``, the media type of ``.ics`` files."""
        return "text/calendar"

    def export(self, entry: CalendarEntry, /) -> bytes:
        """Return ``entry`` as an iCalendar file: UTF-8, CRLF line endings."""
        calendar = icalendar.Calendar()
        calendar.add("prodid", self._product_id)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add_component(self._event(entry))
        return bytes(calendar.to_ical())

    def _event(self, entry: CalendarEntry) -> icalendar.Event:
        event = icalendar.Event()
        uid = entry.uid
        if self._uid_domain and "@" not in uid:
            uid = f"{uid}@{self._uid_domain}"
        event.add("uid", uid)
        event.add("dtstamp", _utc(entry.created_at, "created_at"))
        event.add("dtstart", _utc(entry.starts_at, "starts_at"))
        event.add("dtend", _utc(entry.ends_at, "ends_at"))
        event.add("summary", entry.name)
        if entry.description:
            event.add("description", entry.description)
        location = entry.location or (_ONLINE if entry.online else None)
        if location:
            event.add("location", location)
        if entry.online and entry.location and entry.location.startswith(_LINK_SCHEMES):
            event.add("url", entry.location)
        if entry.organiser_email:
            organiser = icalendar.vCalAddress(f"mailto:{entry.organiser_email}")
            # RFC 5545 parameter values cannot hold a double quote.
            organiser.params["cn"] = entry.organiser_name.replace('"', "'")
            event.add("organizer", organiser)
        else:
            event.add("contact", entry.organiser_name)
        return event
