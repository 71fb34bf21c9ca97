"""Values checked by the input codec once, then recognised by value.

A search sends the same query again for each of its pages, and many people send the
same few queries: checking each against the codec (its types, its rules, the
reference data's codes) costs more than reading a page of SQLite. Queries are frozen
values, so a query equal to one checked before, field by field and type by type, is
checked already: :class:`CheckedOnce` keeps the outcome of the last ones checked.

>>> from formlavoro_core.offers.query import OfferQuery
>>> calls = []
>>> def check(query):
...     calls.append(query)
...     return query
>>> once = CheckedOnce(check, size=8)
>>> once(OfferQuery(car_required=True)) is once(OfferQuery(car_required=True))
True
>>> len(calls), len(once(OfferQuery(car_required=1)) and calls)  # 1 == True, not the same
(1, 2)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import attrs

from formlavoro_core.errors import InvalidInput

__all__ = ["CheckedOnce"]

T = TypeVar("T")


@functools.cache
def _names(cls: Any) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls))


def _types(value: Any) -> tuple[object, ...]:
    """The type of each field of an attrs value (and of the items of its tuples)."""
    found: list[object] = []
    cls: Any = type(value)
    for name in _names(cls):
        part = getattr(value, name)
        kind = type(part)
        found.append((kind, *map(type, part)) if kind is tuple else kind)
    return tuple(found)


class CheckedOnce(Generic[T]):
    """``check`` of a frozen attrs value, remembered for the last ``size`` values passed.

    A value is recognised when it equals one checked before and its fields hold values
    of the same types (``1`` equals ``True`` but is no boolean). Only values that pass
    are remembered; a failure is checked again each time. Shared by threads.
    """

    def __init__(self, check: Callable[[T], T | InvalidInput], *, size: int = 1_024) -> None:
        self._check = check
        self._size = size
        self._entries: dict[Hashable, T] = {}
        self._lock = threading.Lock()

    def __call__(self, value: T) -> T | InvalidInput:
        """``check(value)``, or what it gave for an equal value before."""
        try:
            key = (value, _types(value))
            found = self._entries.get(key)
        except TypeError:  # not hashable (a list where a tuple belongs): checked each time
            return self._check(value)
        if found is not None:
            return found
        checked = self._check(value)
        if not isinstance(checked, InvalidInput) and self._size > 0:
            with self._lock:
                entries = self._entries
                while len(entries) >= self._size:
                    del entries[next(iter(entries))]
                entries[key] = checked
        return checked
