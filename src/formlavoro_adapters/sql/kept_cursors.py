"""One driver cursor kept with each pooled connection, for the statements sent to the driver.

Making a cursor for each statement and closing it costs a fifth of a short statement's
client time on PostgreSQL (psycopg copies its adapters for each one). A statement on a
kept cursor fetches all its rows (or none), so the next one finds it clean. A cursor is
kept for its driver connection only: a replaced connection gets a new one. A cursor is
given up after a failed statement, and after a large result (the driver may hold the
fetched rows until the cursor's next statement).
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy.pool import PoolProxiedConnection

__all__ = ["CURSOR", "KEPT_ROWS", "drop_cursor", "kept_cursor"]

CURSOR = "formlavoro_cursor"
"""The key, in a pooled connection's ``info``, of the driver's cursor kept for it."""
KEPT_ROWS = 64
"""A cursor that fetched more rows than this is closed rather than kept."""


def kept_cursor(pooled: PoolProxiedConnection, driver: Any) -> Any:
    """The cursor kept with ``pooled`` for its driver connection ``driver``, made on first use."""
    info = pooled.info
    kept = info.get(CURSOR)
    if kept is not None and kept[0] is driver:
        return kept[1]
    cursor = driver.cursor()
    info[CURSOR] = (driver, cursor)
    return cursor


def drop_cursor(pooled: PoolProxiedConnection | None, cursor: Any) -> None:
    """Close ``cursor`` and keep it no longer (a failed statement, a large result)."""
    if pooled is not None:
        kept = pooled.info.get(CURSOR)
        if kept is not None and kept[1] is cursor:
            del pooled.info[CURSOR]
    with contextlib.suppress(Exception):
        cursor.close()
