"""Recruitment days organised by employment centres, and who joined them (EV-1 ... EV-7)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import AccountId, CpiId, EventId
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.texts import _

__all__ = ["Event", "EventDetails", "EventMode", "Membership"]

MAX_NAME = 200
MAX_DESCRIPTION = 5_000


class EventMode(enum.Enum):
    """EV-1: in person, or online."""

    IN_PERSON = "in_person"
    ONLINE = "online"


@attrs.frozen(kw_only=True)
class EventDetails:
    """What a CPI writes to create an event (EV-1)."""

    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: EventMode
    description: str = ""
    place: MunicipalityCode | None = None
    address: str | None = None
    online_url: str | None = None
    registration_closes_at: dt.datetime | None = None
    """EV-1 (decided): when registration closes by itself, if it should."""

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the details."""
        if not 1 <= len(self.name.strip()) <= MAX_NAME:
            yield Problem(path="name", message=_("1 to {maximum} characters", maximum=MAX_NAME))
        closes = self.registration_closes_at
        if closes is not None and closes > self.ends_at:
            yield Problem(path="registration_closes_at", message=_("at the end at the latest"))
        if len(self.description) > MAX_DESCRIPTION:
            yield Problem(
                path="description",
                message=_("at most {maximum} characters", maximum=MAX_DESCRIPTION),
            )
        if self.ends_at <= self.starts_at:
            yield Problem(path="ends_at", message=_("after the start"))
        if self.mode is EventMode.IN_PERSON and self.place is None:
            yield Problem(path="place", message=_("required for an event in person"))
        if self.mode is EventMode.ONLINE and self.place is not None:
            yield Problem(path="place", message=_("only for an event in person"))
        if self.online_url is not None and not self.online_url.startswith("https://"):
            yield Problem(path="online_url", message=_("a web address starting with https://"))
        for name in ("address", "online_url"):
            value = getattr(self, name)
            if value is not None and not 1 <= len(value.strip()) <= MAX_NAME:
                yield Problem(path=name, message=_("1 to {maximum} characters", maximum=MAX_NAME))


@attrs.frozen(kw_only=True)
class Event:
    """A recruitment day (EV-1)."""

    id: EventId
    organiser: CpiId
    organiser_name: str
    name: str
    description: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: EventMode
    place: MunicipalityCode | None = None
    address: str | None = None
    online_url: str | None = None
    registration_open: bool = False
    registration_closes_at: dt.datetime | None = None
    created_at: dt.datetime
    version: int = 0

    def accepts_registrations(self, now: dt.datetime) -> bool:
        """EV-1: registration is open and its closing time, if any, has not come."""
        closes = self.registration_closes_at
        return self.registration_open and (closes is None or now < closes)

    @property
    def in_person(self) -> bool:
        """Whether people meet on site (and need a ticket, EV-3)."""
        return self.mode is EventMode.IN_PERSON

    def is_over(self, now: dt.datetime) -> bool:
        """Whether the event has ended at ``now``."""
        return now >= self.ends_at


@attrs.frozen(kw_only=True)
class Membership:
    """EV-2: a citizen joined an event; EV-3: the ticket is checked at the door."""

    event: EventId
    citizen: AccountId
    joined_at: dt.datetime
    checked_in_at: dt.datetime | None = None
    version: int = 0
