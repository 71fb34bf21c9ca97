"""An index of the committed offers, so that a search costs its matches, not the table.

The offers are held newest first (:func:`~formlavoro_core.offers.query.sort_key`); each
offer is known by its position in that order. Every value a filter can ask for (a
province, a contract type, a word of the text…) has the list of the positions holding
it, and a search turns the lists it needs into bit sets (Python integers, bit ``i`` for
position ``i``) and intersects them. Counting the matches is then counting bits, a page
is the lowest set bits after a start, and a keyset cursor is one binary search. The
answers are those of :func:`~formlavoro_core.offers.query.search_offers`, which defines
them (the contract and equivalence tests hold both to it).

The index is built from the committed offers in one pass and never changed: a commit
that writes offers makes the storage build a new one when it is next searched.
"""

from __future__ import annotations

import bisect
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Final

from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import BadCursor, offer_document, sort_key
from formlavoro_core.paging import TOTAL_CAP, Cursor, Page
from formlavoro_core.reference import EducationLevel

if TYPE_CHECKING:
    import datetime as dt

    from formlavoro_core.ids import EventId
    from formlavoro_core.offers.model import Offer
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


def _prefixes(code: str) -> Iterator[str]:
    """The profession codes a search may name to find ``code``: itself and its groups.

    A search for ``P`` keeps ``code == P`` or ``code.startswith(P + ".")``, that is
    ``code`` cut right before one of its dots, or whole.
    """
    start = 0
    while (dot := code.find(".", start)) != -1:
        yield code[:dot]
        start = dot + 1
    yield code


class OfferIndex:
    """The committed offers newest first, with the positions holding each filter value."""

    def __init__(self, offers: Iterable[Offer]) -> None:
        self.offers: list[Offer] = sorted(offers, key=sort_key, reverse=True)
        self._keys = [sort_key(offer) for offer in self.offers]
        self._times_ascending = [key[0] for key in reversed(self._keys)]
        self._size = len(self.offers)
        self._postings: dict[Hashable, array[int]] = defaultdict(lambda: array("i"))
        words: dict[str, array[int]] = defaultdict(lambda: array("i"))
        expiring: list[tuple[dt.datetime, int]] = []
        for position, offer in enumerate(self.offers):
            for key in self._keys_of(offer):
                self._postings[key].append(position)
            for word in offer_document(offer).words:
                words[word].append(position)
            if offer.status is OfferStatus.ACTIVE:
                expiring.append((offer.expires_at, position))
        self._postings.default_factory = None
        self._words = dict(words)
        self._vocabulary = sorted(self._words)
        expiring.sort()
        self._expiry_times = [at for at, _ in expiring]
        self._expiry_positions = array("i", (position for _, position in expiring))
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, int] = OrderedDict()
        self._cache_entries = max(64, _CACHE_BYTES // (self._size // 8 + 1))
        self._open: tuple[int, int] | None = None

    @staticmethod
    def _keys_of(offer: Offer) -> Iterator[Hashable]:
        yield ("event", offer.event)
        yield ("contract", offer.contract_type)
        yield ("education", offer.education_level)
        yield ("workplace", offer.workplace)
        yield ("province", offer.province)
        for flag in _FLAGS:
            if getattr(offer, flag):
                yield ("flag", flag)
        for condition in set(offer.working_conditions):
            yield ("condition", condition)
        for code in _prefixes(offer.profession):
            yield ("profession", code)

    # -- bit sets ------------------------------------------------------------------------

    def _cached(self, key: Hashable, positions: Iterable[int]) -> int:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        made = _bits(positions, self._size)
        with self._lock:
            self._cache[key] = made
            if len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)
        return made

    def _holding(self, key: Hashable) -> int:
        """The offers holding ``key`` (a filter value)."""
        positions = self._postings.get(key)
        return 0 if positions is None else self._cached(key, positions)

    def _any(self, keys: Iterable[Hashable]) -> int:
        found = 0
        for key in keys:
            found |= self._holding(key)
        return found

    def _starting(self, prefix: str) -> int:
        """The offers with a word starting with ``prefix`` (OF-4)."""
        first = bisect.bisect_left(self._vocabulary, prefix)
        last = first
        while last < len(self._vocabulary) and self._vocabulary[last].startswith(prefix):
            last += 1
        chosen = self._vocabulary[first:last]
        return self._cached(
            ("prefix", prefix),
            (position for word in chosen for position in self._words[word]),
        )

    def _open_at(self, now: dt.datetime) -> int:
        """The offers active and not expired at ``now`` (OF-6)."""
        expired = bisect.bisect_right(self._expiry_times, now)
        with self._lock:
            if self._open is not None and self._open[0] == expired:
                return self._open[1]
        made = _bits(self._expiry_positions[expired:], self._size)
        with self._lock:
            self._open = (expired, made)
        return made

    def _published_after(self, since: dt.datetime) -> int:
        """The offers whose sort time is after ``since``: the first ones, newest first."""
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
            bits &= self._holding(("event", None))
        else:
            bits &= self._any(("event", event) for event in set(events))
        if published_after is not None:
            bits &= self._published_after(published_after)
        for flag in _FLAGS:
            if getattr(query, flag):
                bits &= self._holding(("flag", flag))
        bits &= self._choices(query)
        if query.profession is not None:
            bits &= self._holding(("profession", query.profession))
        if query.municipality is not None:
            bits &= self._holding(("workplace", query.municipality))
        if query.province is not None:
            bits &= self._holding(("province", query.province))
        for word in query.words:
            if not bits:
                break
            bits &= self._starting(word)
        return bits

    def _choices(self, query: OfferQuery) -> int:
        """The offers with one of the values chosen in each list filter of ``query``."""
        bits = (1 << self._size) - 1
        if query.contract_types:
            bits &= self._any(("contract", kind) for kind in set(query.contract_types))
        if query.working_conditions:
            conditions = set(query.working_conditions)
            bits &= self._any(("condition", condition) for condition in conditions)
        if query.education_level is not None:
            highest = query.education_level.rank
            levels = [level for level in EducationLevel if level.rank <= highest]
            bits &= self._any(("education", level) for level in [None, *levels])
        if query.no_education_required:
            bits &= self._any(("education", level) for level in (None, EducationLevel.NONE))
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
