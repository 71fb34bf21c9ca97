"""Sample ids at least as long as the portal's own, for the contract suites (point 18).

The ids of a portal built by ``bootstrap`` are UUIDs (32 hex digits). Samples keyed by
short names (``"event-1"``) hid that a key joining two ids did not fit its column on
PostgreSQL; the suites' samples are therefore keyed by :func:`long_id`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["UUID_LENGTH", "long_id"]

UUID_LENGTH: Final = 32
"""The length of the ids the default id generator makes (``uuid4().hex``)."""

_PREFIX: Final = "5f0c2a8e7b1d4c3e9a6f2d4b8e1c7a90-"


def long_id(name: str) -> str:
    """``name`` after 32 hex digits: longer than a real id, in the order of the names.

    All sample ids share the prefix, so they sort as their names do (cursors and ties
    broken by id keep their meaning).

    >>> long_id("event-1")
    '5f0c2a8e7b1d4c3e9a6f2d4b8e1c7a90-event-1'
    >>> len(long_id("")) > UUID_LENGTH, long_id("offer-075") < long_id("offer-08")
    (True, True)
    """
    return _PREFIX + name
