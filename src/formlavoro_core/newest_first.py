"""Pages of newest-first lists: keyset cursors, offsets and capped totals.

The paging every list of the portal shares (offers, courses, CVs), defined on a list
already filtered and sorted newest first: the in-memory storage pages with it, and the
SQL storages must answer the same pages. A cursor from outside that is not one of ours
raises :class:`BadCursor`, which services turn into an input failure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from formlavoro_core.errors import Problem
from formlavoro_core.paging import TOTAL_CAP, Cursor, Page, PageRequest
from formlavoro_core.texts import _

__all__ = ["BadCursor", "paginate_newest_first"]

T = TypeVar("T")


class BadCursor(ValueError):
    """A page cursor that is not one of ours (tampered with, truncated, from elsewhere).

    It comes from outside, so services turn it into an input failure with
    :attr:`problem` instead of letting it propagate.
    """

    def __init__(self, token: str) -> None:
        super().__init__(f"not a page cursor: {token!r}")
        self.token = token

    @property
    def problem(self) -> Problem:
        """The mistake, located at the page request's ``after``."""
        return Problem(path="after", message=_("not a valid page cursor"))


def _start_after(
    items: Sequence[T], cursor: Cursor, key: Callable[[T], tuple[dt.datetime, str]]
) -> int:
    """The index of the first item strictly after ``cursor`` in a newest-first list."""
    mark = (cursor.at, cursor.id)
    low, high = 0, len(items)
    while low < high:  # items descend: find the first key below the mark
        middle = (low + high) // 2
        if key(items[middle]) >= mark:
            low = middle + 1
        else:
            high = middle
    return low


def paginate_newest_first(
    items: Sequence[T],
    page: PageRequest,
    *,
    key: Callable[[T], tuple[dt.datetime, str]],
) -> Page[T]:
    """One page of ``items``, already filtered and sorted by ``key``, newest first.

    With ``page.after`` the page starts right after the cursor's item, wherever it now
    is (keyset paging: items added or removed before it shift nothing) and
    ``page.offset`` is ignored; otherwise it starts at ``page.offset``. The total counts
    every item, exact up to :data:`~formlavoro_core.paging.TOTAL_CAP` and reported as
    that cap, not exact, beyond it; pages after a cursor show the total the cursor
    carries (the one counted when the search started) instead of counting again.

    Args:
        items: the whole result list, sorted by ``key`` descending, keys unique.
        page: which page.
        key: an item's sort time (time-zone aware) and id, as :func:`sort_key` gives.

    Returns:
        The page, with ``next_after`` set when more items follow.

    Raises:
        BadCursor: when ``page.after`` is not a cursor of ours.

    >>> moments = [(dt.datetime(2026, 3, day, tzinfo=dt.UTC), f"n{day}") for day in (3, 2, 1)]
    >>> first = paginate_newest_first(moments, PageRequest(size=2), key=lambda item: item)
    >>> [name for _, name in first.items], first.total
    (['n3', 'n2'], 3)
    >>> after = PageRequest(size=2, after=first.next_after)
    >>> paginate_newest_first(moments, after, key=lambda item: item).items[0][1]
    'n1'
    """
    start = page.offset
    total, exact = min(len(items), TOTAL_CAP), len(items) <= TOTAL_CAP
    if page.after is not None:
        cursor = Cursor.decode(page.after)
        if cursor is None:
            raise BadCursor(page.after)
        start = _start_after(items, cursor, key)
        if cursor.total is not None:
            total, exact = cursor.total, cursor.total_is_exact
    chosen = tuple(items[start : start + page.size])
    next_after = None
    if chosen and start + len(chosen) < len(items):
        at, last = key(chosen[-1])
        next_after = Cursor(at=at, id=last, total=total, total_is_exact=exact).encode()
    return Page(items=chosen, total=total, total_is_exact=exact, next_after=next_after)
