"""Repository ports of the offers context."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.deadlines import Deadline
    from formlavoro_core.ids import AccountId, EventId, OfferId, SavedSearchId
    from formlavoro_core.matching.bounds import Bounded
    from formlavoro_core.matching.offer_bounds import OfferBound
    from formlavoro_core.matching.profiles import OfferCell, OfferProfile
    from formlavoro_core.offers.alerts import AlertLedger, SavedSearch
    from formlavoro_core.offers.model import Offer, PublisherKind
    from formlavoro_core.offers.query import OfferQuery
    from formlavoro_core.paging import Page, PageRequest

__all__ = ["AlertLedgerRepository", "OfferRepository", "SavedSearchRepository"]


class OfferRepository(Protocol):
    """Job offers."""

    def get(self, offer_id: OfferId, /) -> Offer | None:
        """Return the offer, or ``None``."""
        ...

    def get_many(self, offer_ids: Sequence[OfferId], /) -> Mapping[OfferId, Offer]:
        """Return the stored offers among ``offer_ids``, by id (others left out).

        One read for all of them, where the storage can: a ranking's final page.
        """
        ...

    def add(self, offer: Offer, /) -> Offer:
        """Insert a new offer (version 0 -> 1)."""
        ...

    def update(self, offer: Offer, /) -> Offer:
        """Store a changed offer (version check)."""
        ...

    def search(
        self,
        query: OfferQuery,
        page: PageRequest,
        *,
        now: dt.datetime,
        events: tuple[EventId, ...] | None = None,
        published_after: dt.datetime | None = None,
    ) -> Page[Offer]:
        """Return the open offers matching ``query``, newest first, then by id.

        The semantics are ``formlavoro_core.offers.query.offer_matches`` and
        ``paginate_newest_first``: standard offers only when ``events`` is ``None``,
        else the offers of those events. Raises ``BadCursor`` for a cursor that is not
        one of ours.
        """
        ...

    def match_profiles(self, cell: OfferCell, /, *, now: dt.datetime) -> Sequence[OfferProfile]:
        """Return the profiles of the active standard offers at ``now`` in ``cell`` (MA-1).

        At least every active, unexpired offer of no event whose profession lies at or
        under one of the cell's codes, in one of its provinces; a few more do no harm.
        In no particular order.
        """
        ...

    def ranked_profiles(
        self, cell: OfferCell, bound: OfferBound, /, *, now: dt.datetime
    ) -> Iterable[Bounded[OfferProfile]]:
        """The active standard offers at ``now`` in ``cell``, each with its bound (MA-1).

        Every offer of the cell, with ``offer_bound`` of its facts and ``bound``
        (:mod:`formlavoro_core.matching.offer_bounds`), highest bound first; a few
        more do no harm. Read lazily: ranking stops early.
        """
        ...

    def by_publisher(
        self, kind: PublisherKind, publisher_id: str, page: PageRequest
    ) -> Page[Offer]:
        """Return every offer of one publisher, whatever its status, newest first."""
        ...

    def record_publication(self, offer_id: OfferId, /) -> int:
        """Give the offer just published the next publication number; return it (OF-7).

        Numbers count 1, 2, 3, … in the order their transactions commit: a transaction
        commits number ``n`` only if ``n - 1`` was committed when it took it. Two
        transactions taking the same number cannot both commit: the later raises
        ``DuplicateKeyError`` (at once or at commit) and the portal reruns it, or the
        storage makes the second wait for the first. Whoever sees number ``n``
        committed therefore sees every smaller one: alerts follow the numbers, never
        clock times, and miss nothing whatever the interleaving. An offer is numbered
        once: a second number for it raises ``DuplicateKeyError``.
        """
        ...

    def expiring(self, *, after: Deadline, before: dt.datetime, limit: int) -> Sequence[Offer]:
        """Return the active offers whose expiry lies after ``after`` and before ``before``.

        Active is the stored status (closed offers are not returned); ``after`` orders
        by ``expires_at``, then id, as the result does; at most ``limit`` (AP-12).
        """
        ...

    def last_publication_number(self) -> int:
        """Return the highest publication number committed or taken in this unit of work.

        0 when no offer was numbered yet.
        """
        ...

    def published_between(
        self, query: OfferQuery, *, after: int, up_to: int, now: dt.datetime, limit: int
    ) -> Sequence[tuple[int, Offer]]:
        """Return the open standard offers matching ``query`` numbered in ``(after, up_to]``.

        Lowest number first, at most ``limit``, each with its number. The filter is
        ``offer_matches(offer, query, now=now)``; offers without a number (added
        without :meth:`record_publication`) are never returned.
        """
        ...


class SavedSearchRepository(Protocol):
    """Saved searches with alerts (OF-7)."""

    def get(self, search_id: SavedSearchId, /) -> SavedSearch | None:
        """Return the saved search, or ``None``."""
        ...

    def add(self, search: SavedSearch, /) -> SavedSearch:
        """Insert a new saved search."""
        ...

    def update(self, search: SavedSearch, /) -> SavedSearch:
        """Store a changed saved search (version check)."""
        ...

    def for_citizen(self, citizen: AccountId, /) -> Sequence[SavedSearch]:
        """Return the citizen's saved searches (active or not), oldest first."""
        ...

    def due(self, now: dt.datetime, /) -> Sequence[SavedSearch]:
        """Return the active searches whose alert is due at ``now``, oldest first.

        Due means ``SavedSearch.is_due``: a day or a week after the last alert.
        """
        ...

    def by_unsubscribe_token(self, token: str, /) -> SavedSearch | None:
        """Return the saved search whose unsubscribe token is ``token``."""
        ...


class AlertLedgerRepository(Protocol):
    """What each citizen was already told about (OF-7)."""

    def get(self, citizen: AccountId, /) -> AlertLedger | None:
        """Return the citizen's ledger, or ``None`` before the first alert."""
        ...

    def add(self, ledger: AlertLedger, /) -> AlertLedger:
        """Insert a citizen's first ledger."""
        ...

    def update(self, ledger: AlertLedger, /) -> AlertLedger:
        """Store a changed ledger (version check)."""
        ...
