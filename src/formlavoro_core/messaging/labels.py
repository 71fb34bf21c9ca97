"""Words of the inbox that people read beside the messages themselves (TX-1)."""

from __future__ import annotations

from formlavoro_core.texts import Text, _n

__all__ = ["unread_count"]


def unread_count(count: int) -> Text:
    """How many messages wait unread, with the plural form of the language (MS-2).

    >>> unread_count(3).source()
    '3 unread messages'
    """
    return _n("{count} unread message", "{count} unread messages", count)
