"""Aggregates to JSON documents and back, and the cache of decoded aggregates.

Stored documents are written by the library itself, so they are read back by the
trusted path of the document codec (no type checks; a document that fails is
structured again strictly, to say what is wrong). Decoded aggregates are frozen, so a
:class:`DecodedCache` shares them between units of work and threads.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any, TypeVar

import orjson

from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput, StorageError

__all__ = ["DecodedCache", "dump", "dump_data", "load", "unstructure"]

T = TypeVar("T")
_CODEC = Codec.for_trusted_documents()


def dump(aggregate: object) -> str:
    """The aggregate as compact JSON text."""
    return dump_data(_CODEC.unstructure(aggregate))


def dump_data(data: Any) -> str:
    """Plain data (from the codec) as compact JSON text."""
    return orjson.dumps(data).decode()


def unstructure(aggregate: object) -> Any:
    """The aggregate as plain data, ready for :func:`dump_data`."""
    return _CODEC.unstructure(aggregate)


def load(text: str, cls: type[T]) -> T:
    """The aggregate stored as ``text``; a document that no longer parses is corruption."""
    try:
        data: Any = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise StorageError(f"stored {cls.__name__} is not JSON: {exc}") from exc
    parsed = _CODEC.parse(data, cls)
    if isinstance(parsed, InvalidInput):
        raise StorageError(f"stored {cls.__name__} does not parse: {parsed.message}")
    return parsed


DEFAULT_CACHE_SIZE = 20_000
"""Decoded aggregates a storage keeps by default (offers: about 60 MB)."""


class DecodedCache:
    """Decoded aggregates by (table, key, version), at most ``size`` of them.

    Each entry keeps the document it was decoded from, and is used only for that very
    document: a row deleted and written again under the same key and version (a test
    emptying its tables, a transaction rolled back) is decoded afresh, never mistaken
    for the one before. The oldest entries leave first.
    """

    def __init__(self, size: int = DEFAULT_CACHE_SIZE) -> None:
        self._size = size
        self._entries: dict[Hashable, tuple[str, Any]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def load(self, key: Hashable, text: str, cls: type[T]) -> T:
        """The aggregate of ``text`` stored under ``key``, decoded once."""
        entry = self._entries.get(key)
        if entry is not None and entry[0] == text:
            self.hits += 1
            return entry[1]  # type: ignore[no-any-return]
        self.misses += 1
        aggregate = load(text, cls)
        if self._size > 0:
            with self._lock:
                entries = self._entries
                entries.pop(key, None)
                while len(entries) >= self._size:
                    del entries[next(iter(entries))]
                entries[key] = (text, aggregate)
        return aggregate
