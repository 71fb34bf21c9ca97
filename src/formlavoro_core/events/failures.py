"""Failures of the events context."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError
from formlavoro_core.texts import Text, _

__all__ = [
    "AlreadyCheckedIn",
    "AlreadyJoined",
    "EventOver",
    "InvalidTicket",
    "NoTicketOnline",
    "NotJoined",
    "RegistrationClosed",
]


@attrs.frozen(kw_only=True)
class RegistrationClosed(DomainError):
    """EV-2: one can join only while registration is open."""

    CODE: ClassVar[str] = "event.registration_closed"

    @property
    def text(self) -> Text:
        return _("Registration for this event is closed.")


@attrs.frozen(kw_only=True)
class EventOver(DomainError):
    """The event has ended."""

    CODE: ClassVar[str] = "event.over"

    @property
    def text(self) -> Text:
        return _("This event is over.")


@attrs.frozen(kw_only=True)
class AlreadyJoined(DomainError):
    """EV-2: a citizen joins an event once."""

    CODE: ClassVar[str] = "event.already_joined"
    joined_at: dt.datetime

    @property
    def text(self) -> Text:
        return _("You joined this event already.")


@attrs.frozen(kw_only=True)
class NotJoined(DomainError):
    """EV-3: tickets are for the citizens who joined."""

    CODE: ClassVar[str] = "event.not_joined"

    @property
    def text(self) -> Text:
        return _("Join the event first.")


@attrs.frozen(kw_only=True)
class NoTicketOnline(DomainError):
    """EV-3: only events in person have tickets."""

    CODE: ClassVar[str] = "event.no_ticket_online"

    @property
    def text(self) -> Text:
        return _("This event takes place online: there is no ticket.")


@attrs.frozen(kw_only=True)
class InvalidTicket(DomainError):
    """EV-3: the code is forged, damaged, or for another organiser's event."""

    CODE: ClassVar[str] = "event.ticket.invalid"

    @property
    def text(self) -> Text:
        return _("This ticket is not valid for your events.")


@attrs.frozen(kw_only=True)
class AlreadyCheckedIn(DomainError):
    """EV-3: a ticket lets one person in once."""

    CODE: ClassVar[str] = "event.ticket.already_used"
    checked_in_at: dt.datetime

    @property
    def text(self) -> Text:
        return _("This ticket was used already.")
