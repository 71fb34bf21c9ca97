"""SQLite connections lent again to the next unit of work, without a pool checkout.

A detail by id is one statement of a few tens of microseconds on SQLite; checking a
connection out of SQLAlchemy's pool and back in costs as much again (the fairy, the
queue, the reset). A unit of work that only read gives its connection back here
instead, clean (no transaction open, no statement pending: each read fetched its rows
and closed its cursor), and the next unit of work, in any thread, takes it as it is.
The connections stay checked out of the pool meanwhile, a few of them at most; they go
back to it when the storage is disposed of or collected.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy.pool import PoolProxiedConnection

__all__ = ["IdleConnections"]

IDLE_CONNECTIONS = 4
"""Clean connections a SQLite storage keeps for its next units of work, at most."""


def _give_back(idle: list[PoolProxiedConnection]) -> None:
    while idle:
        idle.pop().close()


class IdleConnections:
    """Pooled connections given back clean, lent again (shared by threads)."""

    def __init__(self, size: int = IDLE_CONNECTIONS) -> None:
        self._size = size
        self._idle: list[PoolProxiedConnection] = []
        self._lock = threading.Lock()
        # Back to the pool explicitly, never left to the garbage collector.
        self._finalizer = weakref.finalize(self, _give_back, self._idle)

    def take(self) -> PoolProxiedConnection | None:
        """A clean connection, if one is idle."""
        with self._lock:
            return self._idle.pop() if self._idle else None

    def give(self, pooled: PoolProxiedConnection) -> bool:
        """Keep ``pooled`` for the next unit of work, when it is clean and there is room."""
        driver: Any = pooled.driver_connection
        if not pooled.is_valid or driver is None or driver.in_transaction:
            return False
        with self._lock:
            if len(self._idle) >= self._size:
                return False
            self._idle.append(pooled)
            return True

    def close(self) -> None:
        """Give every idle connection back to the pool."""
        with self._lock:
            _give_back(self._idle)
