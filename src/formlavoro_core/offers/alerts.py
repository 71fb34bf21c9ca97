"""Saved offer searches with email alerts (OF-7).

A citizen saves the filters of a search; new offers that match are emailed daily or
weekly, each email with a one-click unsubscribe link. The :class:`AlertLedger` remembers
every offer announced to a citizen, across all their saved searches, so the same offer
is never announced twice.

"New" is told by publication numbers, not clock times. Each published offer gets the
next number in the order publications commit (``OfferRepository.record_publication``),
and a saved search remembers the number up to which it looked
(:attr:`SavedSearch.alerted_through`). An alert run reads the last committed number
first, then the matching offers numbered above the search's mark up to it: every offer
numbered up to it is committed by then, and an offer that did not match stays unmatched
(published offers do not change; they only close or expire). So an offer published while
a run is under way is announced by the next run: every matching offer exactly once,
whatever the interleaving of publications and runs.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.ids import AccountId, OfferId, SavedSearchId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.texts import _

__all__ = ["AlertFrequency", "AlertLedger", "SavedSearch", "SavedSearchRequest"]

MAX_NAME = 100
MAX_SAVED_SEARCHES = 20


class AlertFrequency(enum.Enum):
    """How often new matching offers are emailed."""

    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def interval(self) -> dt.timedelta:
        """The time between two alerts."""
        return dt.timedelta(days=1 if self is AlertFrequency.DAILY else 7)


@attrs.frozen(kw_only=True)
class SavedSearchRequest:
    """What a citizen saves: a name, the filters, and how often to be told."""

    name: str
    query: OfferQuery
    frequency: AlertFrequency = AlertFrequency.DAILY

    def problems(self) -> Iterator[Problem]:
        """Yield what is wrong with the request."""
        if not 1 <= len(self.name.strip()) <= MAX_NAME:
            yield Problem(path="name", message=_("1 to {maximum} characters", maximum=MAX_NAME))


@attrs.frozen(kw_only=True)
class SavedSearch:
    """A saved search.

    ``unsubscribe_token`` goes in the one-click unsubscribe link of every alert; it only
    allows switching this alert off, so it is kept as is.
    """

    id: SavedSearchId
    citizen: AccountId
    name: str
    query: OfferQuery
    frequency: AlertFrequency
    created_at: dt.datetime
    unsubscribe_token: str
    active: bool = True
    last_sent_at: dt.datetime | None = None
    alerted_through: int | None = None
    """The publication number up to which offers were looked at (OF-7); ``None`` for a
    search saved before offers were numbered (schema version 4), whose first alert also
    looks at the offers published after its last alert by time."""
    version: int = 0

    def is_due(self, now: dt.datetime) -> bool:
        """Whether an alert email is due at ``now``."""
        last = self.last_sent_at or self.created_at
        return self.active and now >= last + self.frequency.interval


@attrs.frozen(kw_only=True)
class AlertLedger:
    """The offers already announced to one citizen (OF-7: never twice)."""

    citizen: AccountId
    announced: tuple[OfferId, ...] = ()
    version: int = 0

    def fresh(self, offers: Iterable[Offer]) -> tuple[Offer, ...]:
        """The offers of ``offers`` not announced yet, each once, in the given order."""
        seen = set(self.announced)
        kept = []
        for offer in offers:
            if offer.id not in seen:
                seen.add(offer.id)
                kept.append(offer)
        return tuple(kept)

    def announcing(self, offers: Iterable[OfferId]) -> AlertLedger:
        """Return the ledger with ``offers`` recorded as announced."""
        merged = sorted(set(self.announced) | set(offers))
        return attrs.evolve(self, announced=tuple(merged))
