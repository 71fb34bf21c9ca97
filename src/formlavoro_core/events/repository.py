"""Repository ports of the events context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.events.model import Event, Membership
    from formlavoro_core.ids import AccountId, CpiId, EventId

__all__ = ["EventRepository", "MembershipRepository"]


class EventRepository(Protocol):
    """Recruitment events."""

    def get(self, event_id: EventId, /) -> Event | None:
        """Return the event, or ``None``."""
        ...

    def add(self, event: Event, /) -> Event:
        """Insert a new event."""
        ...

    def update(self, event: Event, /) -> Event:
        """Store a changed event (version check)."""
        ...

    def not_over(self, now: dt.datetime, /) -> Sequence[Event]:
        """Return the events that end after ``now``, by start, then id."""
        ...

    def by_organiser(self, organiser: CpiId, /) -> Sequence[Event]:
        """Return a CPI's events, by start, then id."""
        ...

    def registration_closing(
        self, *, after: Deadline, before: dt.datetime, limit: int
    ) -> Sequence[Event]:
        """Return the events whose registration is open and closes by itself (EV-1).

        Those whose ``registration_closes_at`` lies after ``after`` (by time, then id)
        and before ``before``, in that order, at most ``limit``.
        """
        ...


class MembershipRepository(Protocol):
    """Who joined which event; one membership per citizen and event."""

    def get(self, event: EventId, citizen: AccountId, /) -> Membership | None:
        """Return the membership, or ``None``."""
        ...

    def add(self, membership: Membership, /) -> Membership:
        """Insert a membership; ``DuplicateKeyError`` when the citizen joined already."""
        ...

    def update(self, membership: Membership, /) -> Membership:
        """Store a changed membership (version check)."""
        ...

    def for_citizen(self, citizen: AccountId, /) -> Sequence[Membership]:
        """Return the citizen's memberships, oldest first."""
        ...

    def for_event(self, event: EventId, /) -> Sequence[Membership]:
        """Return an event's memberships, oldest first."""
        ...
