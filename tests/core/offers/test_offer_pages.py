"""The offer search's pages (OF-1): cursors and offsets, the totals and their cap.

Every item is visited once, in order, whether the pages follow cursors or step offsets;
a cursor continues after its item while others arrive, and carries its search's total.
"""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formlavoro_core.offers.query import BadCursor, OfferQuery, paginate_newest_first, search_offers
from formlavoro_core.paging import MAX_PAGE_SIZE, TOTAL_CAP, Cursor, PageRequest
from tests.core.offers.offer_builders import NOW, keys, offer

Key = tuple[dt.datetime, str]

_START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# Few distinct times, so that many items share one and the id decides.
item_keys = st.lists(
    st.tuples(
        st.integers(0, 5).map(lambda hours: _START + dt.timedelta(hours=hours)),
        st.text(alphabet="abc|é", min_size=1, max_size=3),
    ),
    unique_by=lambda key: key[1],
    max_size=40,
).map(lambda found: sorted(found, reverse=True))


def identity(key: Key) -> Key:
    return key


@given(item_keys, st.integers(1, 12))
def test_following_cursors_visits_every_item_once_in_order(items: list[Key], size: int) -> None:
    """OF-1: cursor paging yields the sorted list exactly: no duplicates, no gaps."""
    seen: list[Key] = []
    request = PageRequest(size=size)
    while True:
        page = paginate_newest_first(items, request, key=identity)
        assert page.total == len(items)
        assert page.total_is_exact
        assert len(page.items) <= size
        seen.extend(page.items)
        if page.next_after is None:
            break
        assert len(page.items) == size
        request = PageRequest(size=size, after=page.next_after)
    assert seen == items


@given(item_keys, st.integers(1, 12))
def test_stepping_offsets_visits_every_item_once_in_order(items: list[Key], size: int) -> None:
    """OF-1: offset paging yields the sorted list exactly, next_after on all but the last."""
    seen: list[Key] = []
    offset = 0
    while True:
        page = paginate_newest_first(items, PageRequest(size=size, offset=offset), key=identity)
        seen.extend(page.items)
        if page.next_after is None:
            break
        offset += size
    assert seen == items
    assert paginate_newest_first(items, PageRequest(offset=len(items)), key=identity).items == ()


@given(item_keys.filter(lambda found: len(found) >= 2), st.data())
def test_a_cursor_continues_after_its_item_while_others_arrive(
    items: list[Key], data: st.DataObject
) -> None:
    """OF-1: newer items published between two pages do not shift the next page."""
    # A page smaller than the list, so that there is a next one (drawn, not filtered).
    size = data.draw(st.integers(1, min(12, len(items) - 1)), label="size")
    first = paginate_newest_first(items, PageRequest(size=size), key=identity)
    assert first.next_after is not None
    later = [(_START + dt.timedelta(days=1), "new"), *items]
    request = PageRequest(size=size, after=first.next_after)
    second = paginate_newest_first(later, request, key=identity)
    assert second.items == tuple(items[size : 2 * size])
    # The total shown is the one counted when the search started, carried by the cursor.
    assert second.total == first.total == len(items)


def test_a_cursor_without_a_total_counts_again() -> None:
    items = [(_START + dt.timedelta(hours=hours), f"i{hours}") for hours in (5, 4, 3, 2, 1)]
    after = Cursor(at=items[1][0], id=items[1][1]).encode()
    page = paginate_newest_first(items, PageRequest(size=2, after=after), key=identity)
    assert (page.items, page.total, page.total_is_exact) == ((items[2], items[3]), 5, True)
    assert Cursor.decode(page.next_after or "") == Cursor(at=items[3][0], id="i2", total=5)


@pytest.mark.parametrize(("total", "exact"), [(0, True), (17, True), (TOTAL_CAP, False)])
def test_a_cursor_carries_the_total_of_its_search(total: int, exact: bool) -> None:
    items = [(_START + dt.timedelta(hours=hours), f"i{hours}") for hours in (3, 2, 1)]
    cursor = Cursor(at=items[0][0], id=items[0][1], total=total, total_is_exact=exact)
    assert Cursor.decode(cursor.encode()) == cursor
    page = paginate_newest_first(items, PageRequest(size=1, after=cursor.encode()), key=identity)
    assert (page.total, page.total_is_exact) == (total, exact)
    assert Cursor.decode(page.next_after or "") == Cursor(
        at=items[1][0], id="i2", total=total, total_is_exact=exact
    )


@pytest.mark.parametrize("counted", [str(TOTAL_CAP + 1), "-1", "12a", "٣", "++"])
def test_a_cursor_with_an_impossible_total_is_refused(counted: str) -> None:
    token = base64.urlsafe_b64encode(f"{_START.isoformat()}|{counted}|i1".encode()).decode()
    with pytest.raises(BadCursor):
        paginate_newest_first([], PageRequest(after=token), key=identity)


def test_a_cursor_whose_item_is_gone_continues_where_it_was() -> None:
    items = [(_START + dt.timedelta(hours=hours), f"i{hours}") for hours in (5, 4, 3, 2, 1)]
    after = Cursor(at=_START + dt.timedelta(hours=3, minutes=30), id="gone").encode()
    page = paginate_newest_first(items, PageRequest(size=2, after=after), key=identity)
    assert page.items == (items[2], items[3])


def test_a_cursor_takes_precedence_over_an_offset() -> None:
    items = [(_START + dt.timedelta(hours=hours), f"i{hours}") for hours in (3, 2, 1)]
    after = Cursor(at=items[0][0], id=items[0][1]).encode()
    page = paginate_newest_first(items, PageRequest(size=1, after=after, offset=2), key=identity)
    assert page.items == (items[1],)


@pytest.mark.parametrize(
    "token", ["", "not-a-cursor", "////", "MjAyNi0wMy0wMVQwOTowMDowMHxvZmZlci03"]
)
def test_a_foreign_cursor_is_refused(token: str) -> None:
    """A tampered token, or one with a naive time, is no cursor of ours."""
    with pytest.raises(BadCursor) as raised:
        paginate_newest_first([], PageRequest(after=token), key=identity)
    assert raised.value.token == token
    assert str(raised.value.problem) == "after: not a valid page cursor"


@pytest.mark.parametrize(
    ("count", "total", "exact"),
    [
        (TOTAL_CAP - 1, TOTAL_CAP - 1, True),
        (TOTAL_CAP, TOTAL_CAP, True),
        (TOTAL_CAP + 1, TOTAL_CAP, False),
        (3 * TOTAL_CAP, TOTAL_CAP, False),
    ],
)
def test_totals_are_exact_up_to_the_cap(count: int, total: int, exact: bool) -> None:
    """OF-1: totals are exact up to 10,000 and reported as "10,000+" beyond."""
    items = [(_START, f"{n:06d}") for n in range(count)][::-1]
    page = paginate_newest_first(items, PageRequest(size=MAX_PAGE_SIZE), key=identity)
    assert (page.total, page.total_is_exact) == (total, exact)
    assert len(page.items) == MAX_PAGE_SIZE
    last = paginate_newest_first(
        items, PageRequest(size=MAX_PAGE_SIZE, offset=TOTAL_CAP), key=identity
    )
    assert len(last.items) == min(MAX_PAGE_SIZE, max(count - TOTAL_CAP, 0))


def test_searching_offers_pages_through_the_filtered_list() -> None:
    """OF-1, OF-3: the search filters, sorts newest first and pages with cursors."""
    offers = [
        offer(f"o{n:02d}", published=NOW - n * dt.timedelta(hours=1), car_required=n % 3 == 0)
        for n in range(1, 20)
    ]
    query = OfferQuery(car_required=True)
    first = search_offers(offers, query, PageRequest(size=4), now=NOW)
    assert keys(*first.items) == ["o03", "o06", "o09", "o12"]
    assert first.total == 6
    second = search_offers(offers, query, PageRequest(size=4, after=first.next_after), now=NOW)
    assert keys(*second.items) == ["o15", "o18"]
    assert second.next_after is None
