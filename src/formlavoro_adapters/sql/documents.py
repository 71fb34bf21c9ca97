"""Aggregates to JSON documents and back, with the library's document codec."""

from __future__ import annotations

from typing import Any, TypeVar

import orjson

from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput, StorageError

__all__ = ["dump", "dump_data", "load", "unstructure"]

T = TypeVar("T")
_CODEC = Codec.for_documents()


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
