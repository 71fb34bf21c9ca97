"""JSON request and response bodies for the library's values, through its codec.

:func:`read_json` parses a body and structures it into a value with the portal's input
codec: a body that is not JSON, and every mistake inside it, come back as one
``input.invalid`` failure with paths. :func:`write_json` turns a value (a page of
offers, a CV, a failure's data) into JSON the same codec reads back.

>>> import attrs
>>> @attrs.frozen
... class Slot:
...     seats: int
>>> codec = Codec.for_documents()
>>> read_json(b'{"seats": 3}', Slot, codec)
<Success: Slot(seats=3)>
>>> [str(p) for p in read_json(b'{"seats": "3"', Slot, codec).failure().problems]
['body: not a JSON document']
>>> write_json(Slot(seats=3), codec)
b'{"seats":3}'
"""

from __future__ import annotations

import json
from typing import Final, TypeVar

from returns.result import Failure, Result

from formlavoro_core.codec import Codec
from formlavoro_core.errors import InvalidInput
from formlavoro_core.texts import _

__all__ = ["MAX_BODY_BYTES", "read_json", "write_json"]

T = TypeVar("T")

MAX_BODY_BYTES: Final = 1_000_000
"""The largest JSON body read; a larger one is refused before it is parsed."""


def read_json(body: bytes | str, cls: type[T], codec: Codec) -> Result[T, InvalidInput]:
    """The ``cls`` that ``body`` holds, or every problem with its path.

    Use the portal's input codec (``Codec.for_input(portal.reference)``) for data from
    outside: it checks codes of the official classifications too.
    """
    if len(body) > MAX_BODY_BYTES:
        return Failure(
            InvalidInput.at(
                "body", _("at most {max_body_bytes} bytes", max_body_bytes=MAX_BODY_BYTES)
            )
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return Failure(InvalidInput.at("body", _("not a JSON document")))
    return codec.structure(data, cls)


def write_json(value: object, codec: Codec) -> bytes:
    """``value`` as compact UTF-8 JSON, in the shape :func:`read_json` reads."""
    return json.dumps(codec.unstructure(value), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
