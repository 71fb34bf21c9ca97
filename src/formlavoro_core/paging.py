"""Pages of results: a stable order, keyset cursors, capped totals.

Lists are ordered newest first, then by id (both descending), which a keyset cursor
continues exactly even while new items arrive. Totals are exact up to
:data:`TOTAL_CAP` and reported as "at least" beyond, as large search engines do.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterator
from typing import Final, Generic, TypeVar

import attrs

from formlavoro_core.errors import Problem
from formlavoro_core.texts import _

__all__ = ["MAX_OFFSET", "MAX_PAGE_SIZE", "TOTAL_CAP", "Cursor", "Page", "PageRequest"]

TOTAL_CAP: Final = 10_000
MAX_PAGE_SIZE: Final = 100
MAX_OFFSET: Final = 10_000

T = TypeVar("T")


@attrs.frozen
class Cursor:
    """Where the next page starts: after the item with this sort time and id.

    A cursor also carries the total counted on the first page of its search, so the
    pages after it do not count again: the total shown stays the one of the search as
    it was started (``None`` when unknown, and then it is counted).

    >>> cursor = Cursor(at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), id="offer-7", total=42)
    >>> Cursor.decode(cursor.encode()) == cursor
    True
    """

    at: dt.datetime
    id: str
    total: int | None = None
    total_is_exact: bool = True

    def encode(self) -> str:
        """An opaque, URL-safe token for the next-page link."""
        counted = "" if self.total is None else f"{self.total}{'' if self.total_is_exact else '+'}"
        raw = f"{self.at.isoformat()}|{counted}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor | None:
        """The cursor in ``token``, or ``None`` when it is not one of ours."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            at, _, rest = raw.partition("|")
            counted, _, key = rest.partition("|")
            parsed = dt.datetime.fromisoformat(at)
            # Ours are in UTC; another offset at the ends of the calendar overflows.
            instant = parsed.astimezone(dt.UTC) if parsed.utcoffset() is not None else None
        except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
            return None
        if not key or "\x00" in key or instant is None:
            return None
        if not counted:
            return cls(at=instant, id=key)
        exact = not counted.endswith("+")
        digits = counted.removesuffix("+")
        if not digits.isascii() or not digits.isdigit() or int(digits) > TOTAL_CAP:
            return None
        return cls(at=instant, id=key, total=int(digits), total_is_exact=exact)


@attrs.frozen(kw_only=True)
class PageRequest:
    """Which page: the first, the one after a cursor, or one at an offset (up to 10,000).

    Any numbers build a request, so that one made from a query string never raises; a
    use case given a size or offset out of range answers ``input.invalid`` with the
    problems :meth:`problems` lists (a foreign cursor, at ``after``, likewise).

    >>> for problem in PageRequest(size=0, offset=-1).problems():
    ...     print(problem)
    size: must be 1 to 100
    offset: must be 0 to 10000
    """

    size: int = 20
    after: str | None = None
    offset: int = 0

    def problems(self) -> Iterator[Problem]:
        """Yield what is out of range, with paths relative to the request."""
        if not _within(self.size, 1, MAX_PAGE_SIZE):
            yield Problem(
                path="size", message=_("must be 1 to {max_page_size}", max_page_size=MAX_PAGE_SIZE)
            )
        if not _within(self.offset, 0, MAX_OFFSET):
            yield Problem(
                path="offset", message=_("must be 0 to {max_offset}", max_offset=MAX_OFFSET)
            )


def _within(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: the results of this page, in order.
        total: how many results in all, exact up to ``TOTAL_CAP``.
        total_is_exact: ``False`` when there are more than ``TOTAL_CAP`` ("10,000+").
        next_after: the cursor of the next page, ``None`` on the last one.
    """

    items: tuple[T, ...]
    total: int
    total_is_exact: bool = True
    next_after: str | None = None

    @property
    def total_label(self) -> str:
        """The total as people read it: ``"42"`` or ``"10,000+"``.

        >>> Page(items=(), total=10_000, total_is_exact=False).total_label
        '10,000+'
        """
        return f"{self.total:,}" if self.total_is_exact else f"{self.total:,}+"
