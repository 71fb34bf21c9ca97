"""An index of the committed offers, so that a search costs its matches, not the table.

The offers are held newest first (:func:`~formlavoro_core.offers.query.sort_key`); each
offer is known by its position in that order. A search turns each of its filters into
a bit set of positions (a Python integer, bit ``i`` for position ``i``) and intersects
them: counting the matches is then counting bits, a page is the lowest set bits after a
start, and a keyset cursor is one binary search. The bit set of a filter value (a
province, a contract type, a word prefix…) is made by one pass over the offers the
first time a search asks for it, then kept: building the index costs one sort, and the
values people search again cost nothing more. The answers are those of
:func:`~formlavoro_core.offers.query.search_offers`, which defines them (the contract,
equivalence and memory tests hold both to it).

The index is never changed: a commit that writes offers makes the storage build a new
one when it is next searched.
"""

from __future__ import annotations

import bisect
import operator
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Final

from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import BadCursor, offer_document, sort_key
from formlavoro_core.paging import TOTAL_CAP, Cursor, Page
from formlavoro_core.reference import EducationLevel
from formlavoro_core.text import Document

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ids import EventId
    from formlavoro_core.matching.profiles import OfferCell
    from formlavoro_core.offers.model import Offer, PublisherKind
    from formlavoro_core.offers.query import OfferQuery
    from formlavoro_core.paging import PageRequest

__all__ = ["OfferIndex"]

# The yes/no filters of OF-3, as in ``formlavoro_core.offers.query``: each keeps the
# offers whose field of the same name is true.
_FLAGS: Final = (
    "requires_experience",
    "income_support",
    "motorbike_required",
    "protected_category_art1",
    "willing_to_travel",
    "protected_category_art18",
    "car_required",
    "eures",
)

_CACHE_BYTES: Final = 64 * 1024 * 1024
"""Roughly how much memory the bit sets kept between searches may take."""


def _bits(positions: Iterable[int], size: int) -> int:
    """The bit set of ``positions`` (each below ``size``)."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _lowest(bits: int, count: int) -> Iterator[int]:
    """The positions of the ``count`` lowest set bits of ``bits``, ascending."""
    base = 0
    while count and bits:
        low = (bits & -bits).bit_length() - 1
        yield base + low
        bits >>= low + 1
        base += low + 1
        count -= 1


def _positions(bits: int) -> list[int]:
    """The positions of every set bit of ``bits``, ascending."""
    digits = bin(bits)[:1:-1]  # bit 0 first
    found = []
    position = digits.find("1")
    while position != -1:
        found.append(position)
        position = digits.find("1", position + 1)
    return found


def _skip(bits: int, count: int) -> int:
    """The first position after the ``count`` lowest set bits (``count`` at most all)."""
    low, high = 0, bits.bit_length()
    while low < high:
        middle = (low + high) // 2
        if (bits & ((1 << middle) - 1)).bit_count() >= count:
            high = middle
        else:
            low = middle + 1
    return low


class OfferIndex:
    """The committed offers newest first, with the bit sets of the filter values asked."""

    def __init__(self, offers: Iterable[Offer]) -> None:
        ordered = sorted(((sort_key(offer), offer) for offer in offers), reverse=True)
        self.offers: list[Offer] = [offer for _, offer in ordered]
        self._keys = [key for key, _ in ordered]
        self._size = len(self.offers)
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, int] = OrderedDict()
        self._cache_entries = max(64, _CACHE_BYTES // (self._size // 8 + 1))
        self._documents: list[Document] | None = None
        self._times_ascending: list[dt.datetime] | None = None
        self._expiry: tuple[list[dt.datetime], list[int]] | None = None
        self._open: tuple[int, int] | None = None

    # -- bit sets ------------------------------------------------------------------------

    def _holding(self, key: Hashable, test: Callable[[Offer], object]) -> int:
        """The offers passing ``test``, one filter value known by ``key``."""
        return self._kept(key, lambda: (i for i, offer in enumerate(self.offers) if test(offer)))

    def _starting(self, prefix: str) -> int:
        """The offers with a word starting with ``prefix`` (OF-4)."""

        def chosen() -> Iterator[int]:
            if self._documents is None:
                self._documents = [offer_document(offer) for offer in self.offers]
            wanted = (prefix,)
            return (i for i, document in enumerate(self._documents) if document.matches(wanted))

        return self._kept(("prefix", prefix), chosen)

    def _kept(self, key: Hashable, positions: Callable[[], Iterable[int]]) -> int:
        """The bit set of ``positions`` for ``key``: made the first time, then kept."""
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        made = _bits(positions(), self._size)
        with self._lock:
            self._cache[key] = made
            if len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return made

    def _open_at(self, now: dt.datetime) -> int:
        """The offers active and not expired at ``now`` (OF-6).

        Active offers are listed by expiry once; those expired at ``now`` are the first
        ones, so the bit set changes only when an offer expires, and is kept until then.
        """
        if self._expiry is None:
            active = sorted(
                (offer.expires_at, i)
                for i, offer in enumerate(self.offers)
                if offer.status is OfferStatus.ACTIVE
            )
            self._expiry = ([at for at, _ in active], [i for _, i in active])
        times, positions = self._expiry
        expired = bisect.bisect_right(times, now)
        with self._lock:
            if self._open is not None and self._open[0] == expired:
                return self._open[1]
        made = _bits(positions[expired:], self._size)
        with self._lock:
            self._open = (expired, made)
        return made

    def _published_after(self, since: dt.datetime) -> int:
        """The offers whose sort time is after ``since``: the first ones, newest first."""
        if self._times_ascending is None:
            self._times_ascending = [key[0] for key in reversed(self._keys)]
        later = self._size - bisect.bisect_right(self._times_ascending, since)
        return (1 << later) - 1

    def _after(self, cursor: Cursor) -> int:
        """The first position strictly after the cursor's offer in the newest-first order."""
        mark = (cursor.at, cursor.id)
        low, high = 0, self._size
        while low < high:
            middle = (low + high) // 2
            if self._keys[middle] >= mark:
                low = middle + 1
            else:
                high = middle
        return low

    # -- searching -----------------------------------------------------------------------

    def selected(
        self,
        query: OfferQuery,
        *,
        now: dt.datetime,
        events: tuple[EventId, ...] | None = None,
        published_after: dt.datetime | None = None,
    ) -> int:
        """The bit set of the offers a search selects (as ``offer_filter`` defines)."""
        bits = self._open_at(now)
        if events is None:
            bits &= self._holding(("standard",), lambda offer: offer.event is None)
        else:
            joined = frozenset(events)
            bits &= self._holding(("events", joined), lambda offer: offer.event in joined)
        if published_after is not None:
            bits &= self._published_after(published_after)
        for flag in _FLAGS:
            if getattr(query, flag):
                bits &= self._holding(("flag", flag), operator.attrgetter(flag))
        bits &= self._choices(query)
        bits &= self._places(query)
        for word in query.words:
            if not bits:
                break
            bits &= self._starting(word)
        return bits

    def in_cell(self, cell: OfferCell, *, now: dt.datetime) -> list[Offer]:
        """The open standard offers of a matching cell (as ``offer_in_cell`` defines)."""
        bits = self._open_at(now) & self._holding(("standard",), lambda offer: offer.event is None)
        if cell.provinces is not None:
            provinces = frozenset(cell.provinces)
            bits &= self._holding(("provinces", provinces), lambda o: o.province in provinces)
        if cell.professions:
            bits &= self._any_profession(cell.professions)
        return [self.offers[position] for position in _positions(bits)]

    def _any_profession(self, codes: Iterable[str]) -> int:
        found = 0
        for code in set(codes):
            below = f"{code}."
            found |= self._holding(
                ("profession", code),
                lambda offer: offer.profession == code or offer.profession.startswith(below),  # noqa: B023 - used at once
            )
        return found

    def published_by(self, kind: PublisherKind, publisher_id: str) -> int:
        """The bit set of a publisher's offers, in every state."""
        return self._holding(
            ("publisher", kind, publisher_id),
            lambda offer: offer.publisher.kind is kind and offer.publisher.id == publisher_id,
        )

    def _choices(self, query: OfferQuery) -> int:
        """The offers with one of the values chosen in each list filter of ``query``."""
        bits = (1 << self._size) - 1
        if query.contract_types:
            kinds = frozenset(query.contract_types)
            bits &= self._holding(("contract", kinds), lambda offer: offer.contract_type in kinds)
        if query.working_conditions:
            conditions = frozenset(query.working_conditions)
            bits &= self._holding(
                ("conditions", conditions),
                lambda offer: not conditions.isdisjoint(offer.working_conditions),
            )
        if query.education_level is not None:
            highest = query.education_level.rank
            bits &= self._holding(
                ("education", highest),
                lambda offer: (
                    offer.education_level is None or offer.education_level.rank <= highest
                ),
            )
        if query.no_education_required:
            bits &= self._holding(
                ("no education",),
                lambda offer: offer.education_level in {None, EducationLevel.NONE},
            )
        return bits

    def _places(self, query: OfferQuery) -> int:
        """The offers of the professional figure and place of ``query`` (HM-3)."""
        bits = (1 << self._size) - 1
        if query.profession is not None:
            bits &= self._any_profession((query.profession,))
        if query.municipality is not None:
            place = query.municipality
            bits &= self._holding(("workplace", place), lambda offer: offer.workplace == place)
        if query.province is not None:
            province = query.province
            bits &= self._holding(("province", province), lambda offer: offer.province == province)
        return bits

    def page(self, bits: int, page: PageRequest) -> Page[Offer]:
        """The page of the selected offers, as ``paginate_newest_first`` makes it."""
        count = bits.bit_count()
        total, exact = min(count, TOTAL_CAP), count <= TOTAL_CAP
        if page.after is not None:
            cursor = Cursor.decode(page.after)
            if cursor is None:
                raise BadCursor(page.after)
            start = self._after(cursor)
            rest = bits >> start
            if cursor.total is not None:
                total, exact = cursor.total, cursor.total_is_exact
        elif page.offset >= count:
            rest = start = 0
        else:
            start = _skip(bits, page.offset)
            rest = bits >> start
        positions = [start + position for position in _lowest(rest, page.size + 1)]
        chosen = tuple(self.offers[position] for position in positions[: page.size])
        next_after = None
        if chosen and len(positions) > page.size:
            at, last = sort_key(chosen[-1])
            next_after = Cursor(at=at, id=last, total=total, total_is_exact=exact).encode()
        return Page(items=chosen, total=total, total_is_exact=exact, next_after=next_after)
