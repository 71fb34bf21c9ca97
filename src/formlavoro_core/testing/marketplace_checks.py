"""Reference answers and write helpers the marketplace contract suites share.

Pages are checked against :func:`~formlavoro_core.offers.query.paginate_newest_first`
over the same items, following cursors from the first page and every offset; unique
keys are checked in one unit of work, against a committed holder and against one
committed while the unit of work was open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pytest

from formlavoro_core.errors import ConcurrencyConflictError, DuplicateKeyError
from formlavoro_core.messaging.model import Message
from formlavoro_core.offers.query import paginate_newest_first
from formlavoro_core.paging import Page, PageRequest

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork, UnitOfWorkFactory


__all__: list[str] = []

_ALL = PageRequest(size=100)
"""One page that holds every sample catalogue."""


T = TypeVar("T")


def _stored(items: Iterable[T]) -> tuple[T, ...]:
    """``items`` as a repository returns them after one ``add``: at version 1."""
    return tuple(attrs.evolve(item, version=1) for item in items)  # type: ignore[misc]


def _newest_first(
    items: Iterable[T], page: PageRequest, key: Callable[[T], tuple[dt.datetime, str]]
) -> Page[T]:
    return paginate_newest_first(sorted(items, key=key, reverse=True), page, key=key)


def _message_key(message: Message) -> tuple[dt.datetime, str]:
    return (message.sent_at, message.id)


def _walk(
    fetch: Callable[[PageRequest], Page[T]],
    expected: Callable[[PageRequest], Page[T]],
    size: int,
) -> list[T]:
    """Follow the cursors from the first page, each page equal to the reference page."""
    request = PageRequest(size=size)
    items: list[T] = []
    for _ in range(100):
        page = fetch(request)
        assert page == expected(request), request
        items += page.items
        if page.next_after is None:
            return items
        request = PageRequest(size=size, after=page.next_after)
    pytest.fail("the cursors never reached the last page")


def _offsets(
    fetch: Callable[[PageRequest], Page[T]],
    expected: Callable[[PageRequest], Page[T]],
    count: int,
) -> None:
    """Check every offset page of size 3, up to two past the last item."""
    for offset in range(count + 2):
        request = PageRequest(size=3, offset=offset)
        assert fetch(request) == expected(request), request


def _write(storage: UnitOfWorkFactory, change: Callable[[UnitOfWork], object]) -> None:
    with storage() as uow:
        change(uow)
        uow.commit()


def _add_all(
    storage: UnitOfWorkFactory, add: Callable[[UnitOfWork, T], object], items: Iterable[T]
) -> None:
    with storage() as uow:
        for item in items:
            add(uow, item)
        uow.commit()


def _add_both_and_commit(
    uow: UnitOfWork, add: Callable[[UnitOfWork, Any], object], first: Any, second: Any
) -> None:
    add(uow, first)
    add(uow, second)
    uow.commit()


def _add_and_commit(uow: UnitOfWork, add: Callable[[UnitOfWork, Any], object], item: Any) -> None:
    add(uow, item)
    uow.commit()


def _assert_unique(
    storage: UnitOfWorkFactory,
    add: Callable[[UnitOfWork, Any], object],
    read: Callable[[UnitOfWork], object],
    first: Any,
    second: Any,
) -> None:
    """``first`` and ``second`` share a unique key: only one of them is ever stored.

    In one unit of work the clash raises ``DuplicateKeyError`` at ``add`` or at
    ``commit`` and neither is stored; against a committed holder it raises
    ``DuplicateKeyError``; against a holder committed while the unit of work was open,
    a ``ConcurrencyConflictError`` (of which ``DuplicateKeyError`` is one). The holder
    stays as it was.
    """
    with storage() as uow, pytest.raises(DuplicateKeyError):
        _add_both_and_commit(uow, add, first, second)
    with storage() as uow:
        assert read(uow) is None
    late = storage()
    with late:
        assert read(late) is None
        _write(storage, lambda uow: add(uow, first))
        with pytest.raises(ConcurrencyConflictError):
            _add_and_commit(late, add, second)
    with storage() as uow:
        assert read(uow) == attrs.evolve(first, version=1)
    with storage() as uow, pytest.raises(DuplicateKeyError):
        _add_and_commit(uow, add, second)
    with storage() as uow:
        assert read(uow) == attrs.evolve(first, version=1)
