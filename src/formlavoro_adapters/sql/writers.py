"""SQLite writers of one storage take turns in the process before asking SQLite.

SQLite lets one transaction write at a time. A writer that finds the write lock taken
waits in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and longer between tries:
with several threads writing, the lock often sits free while they sleep, and four
writers apply fewer changes a second than one. Writers of the same storage therefore
queue here first, on a lock handed over as soon as the transaction ends, and send
``BEGIN IMMEDIATE`` when their turn comes. What a unit of work reads before its first
write happens outside its turn, beside the others' writes and syncs.

Other processes are not in the queue: against them the busy timeout still applies. A
writer that waits longer than :data:`TURN_WAIT_SECONDS` (a unit of work holding its turn
while the same thread writes in another) goes on to SQLite's busy handler, as it did
before the queue.
"""

from __future__ import annotations

import threading

__all__ = ["TURN_WAIT_SECONDS", "WriterTurns"]

TURN_WAIT_SECONDS = 10.0
"""How long a writer waits for its turn before asking SQLite anyway (its busy timeout's
default)."""


class WriterTurns:
    """The turns of one storage's writers (shared by its units of work and threads)."""

    def __init__(self, wait_seconds: float = TURN_WAIT_SECONDS) -> None:
        self._lock = threading.Lock()
        self._wait = wait_seconds

    def take(self) -> bool:
        """Wait for the turn; whether it was given (else the writer goes on without it)."""
        return self._lock.acquire(timeout=self._wait)

    def give_back(self) -> None:
        """End the turn: the next writer goes."""
        self._lock.release()
