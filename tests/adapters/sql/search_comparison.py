"""How the SQL search tests compare a SQL storage with the in-memory reference.

One catalogue is loaded into both storages; a search is one page request on a unit of
work, run on each; two pages are the same when their items (whole aggregates, in
order), totals, exactness and next-page cursors are. A walk compares a drawn first page
and the pages that follow the reference's cursors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import event
from hypothesis import strategies as st
from sqlalchemy import Table, delete

from formlavoro_adapters.memory import InMemoryStorage
from formlavoro_adapters.sql import SqlStorage
from formlavoro_core.courses.model import Course
from formlavoro_core.courses.query import CourseQuery
from formlavoro_core.cv.model import Cv
from formlavoro_core.cv.search import CvQuery
from formlavoro_core.ids import EventId
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.query import BadCursor, OfferQuery
from formlavoro_core.paging import MAX_OFFSET, Cursor, Page, PageRequest
from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory
from formlavoro_core.testing.search_strategies import search_moments

T = TypeVar("T")
Search = Callable[[UnitOfWork, PageRequest], Page[T]]


def clear(storage: SqlStorage, *tables: Table) -> None:
    with storage.engine.begin() as connection:
        for table in tables:
            connection.execute(delete(table))


def load(
    storage: UnitOfWorkFactory, aggregates: Sequence[T], add: Callable[[UnitOfWork, T], T]
) -> None:
    with storage() as uow:
        for aggregate in aggregates:
            add(uow, aggregate)
        uow.commit()


def add_offer(uow: UnitOfWork, offer: Offer) -> Offer:
    return uow.offers.add(offer)


def add_course(uow: UnitOfWork, course: Course) -> Course:
    return uow.courses.add(course)


def add_cv(uow: UnitOfWork, cv: Cv) -> Cv:
    return uow.cvs.add(cv)


def stores(
    sql: SqlStorage,
    tables: Sequence[Table],
    catalogue: Sequence[T],
    add: Callable[[UnitOfWork, T], T],
) -> InMemoryStorage:
    """Load ``catalogue`` into ``sql`` (emptied first) and into a new in-memory storage."""
    clear(sql, *tables)
    load(sql, catalogue, add)
    memory = InMemoryStorage()
    load(memory, catalogue, add)
    return memory


def search_page(storage: UnitOfWorkFactory, search: Search[T], page: PageRequest) -> Page[T] | str:
    with storage() as uow:
        try:
            return search(uow, page)
        except BadCursor as exc:
            return f"BadCursor({exc.token!r})"


def _ids(page: Page[Any] | str) -> object:
    return page if isinstance(page, str) else [item.id for item in page.items]


def _cursor(token: str | None) -> Cursor | None:
    return None if token is None else Cursor.decode(token)


def assert_same(expected: Page[T] | str, actual: Page[T] | str, context: object) -> None:
    """The same page: items in order (ids first, for a readable message), totals, cursor."""
    assert _ids(actual) == _ids(expected), context
    if isinstance(expected, str) or isinstance(actual, str):
        assert actual == expected, context
        return
    assert actual.items == expected.items, context
    assert (actual.total, actual.total_is_exact) == (expected.total, expected.total_is_exact), (
        context
    )
    # Cursors encode the sort time with its UTC offset: compare the instants and ids.
    assert _cursor(actual.next_after) == _cursor(expected.next_after), context


def _first_requests(ids: Sequence[str]) -> st.SearchStrategy[PageRequest]:
    """The first page of a walk: at an offset, or after any cursor (of no item, maybe)."""
    size = st.integers(1, 12)
    at_offset = st.builds(
        lambda size, offset: PageRequest(size=size, offset=offset),
        size,
        st.one_of(st.just(0), st.integers(0, 3), st.integers(0, len(ids) + 2), st.just(MAX_OFFSET)),
    )
    after = st.builds(
        lambda size, at, key: PageRequest(size=size, after=Cursor(at=at, id=key).encode()),
        size,
        search_moments(),
        st.sampled_from((*ids, "offer-", "z")),
    )
    return st.one_of(at_offset, at_offset, after)


def walk(
    data: st.DataObject,
    memory: UnitOfWorkFactory,
    sql: UnitOfWorkFactory,
    search: Search[T],
    *,
    ids: Sequence[str],
    context: object,
) -> None:
    """Compare a first page, then up to four more following the reference's cursors."""
    request = data.draw(_first_requests(ids), label="page")
    for _ in range(5):
        expected = search_page(memory, search, request)
        assert_same(expected, search_page(sql, search, request), (context, request))
        if isinstance(expected, str) or expected.next_after is None:
            event(f"results: {_bucket(expected)}")
            return
        request = PageRequest(size=request.size, after=expected.next_after)


def offer_search(
    query: OfferQuery,
    *,
    now: dt.datetime,
    events: tuple[EventId, ...] | None = None,
    published_after: dt.datetime | None = None,
) -> Search[Offer]:
    def search(uow: UnitOfWork, page: PageRequest) -> Page[Offer]:
        return uow.offers.search(
            query, page, now=now, events=events, published_after=published_after
        )

    return search


def course_search(query: CourseQuery, *, now: dt.datetime) -> Search[Course]:
    def search(uow: UnitOfWork, page: PageRequest) -> Page[Course]:
        return uow.courses.search(query, page, now=now)

    return search


def cv_search(query: CvQuery, *, now: dt.datetime) -> Search[Cv]:
    def search(uow: UnitOfWork, page: PageRequest) -> Page[Cv]:
        return uow.cvs.search_published(query, page, now=now)

    return search


def _bucket(page: Page[Any] | str) -> str:
    """How many results a search had, roughly (for ``--hypothesis-show-statistics``)."""
    if isinstance(page, str):
        return "bad cursor"
    return "none" if page.total == 0 else "one" if page.total == 1 else "several"
