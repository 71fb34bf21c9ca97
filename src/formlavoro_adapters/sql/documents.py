"""Aggregates to JSON documents and back, with the library's document codec."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput, StorageError

__all__ = ["dump", "load"]

T = TypeVar("T")
_CODEC = Codec.for_documents()


def dump(aggregate: object) -> str:
    """The aggregate as compact JSON text."""
    return json.dumps(_CODEC.unstructure(aggregate), ensure_ascii=False, separators=(",", ":"))


def load(text: str, cls: type[T]) -> T:
    """The aggregate stored as ``text``; a document that no longer parses is corruption."""
    data: Any = json.loads(text)
    parsed = _CODEC.parse(data, cls)
    if isinstance(parsed, InvalidInput):
        raise StorageError(f"stored {cls.__name__} does not parse: {parsed.message}")
    return parsed
