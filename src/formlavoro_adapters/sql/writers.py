"""SQLite writers of one database take turns before asking SQLite.

SQLite lets one transaction write at a time. A writer that finds the write lock taken
waits in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and longer between tries:
with several threads or processes writing, the lock often sits free while they sleep,
and four writers apply fewer changes a second than one. Writers therefore queue here
first and send ``BEGIN IMMEDIATE`` when their turn comes; the turn passes on as soon as
the transaction ends. What a unit of work reads before its first write happens outside
its turn, beside the others' writes and syncs.

The writers of one storage queue on a lock of the process. Writers of other processes
on the same file queue with them through an advisory lock (``flock``) on a file beside
the database, ``<database>-writers``, which the kernel hands to the next waiter at
once and releases when its holder's process ends. That file is made on the first
write and left in place, like SQLite's own files beside the database; where it cannot
be made or locked (a read-only folder, a system without ``flock``), the processes meet
in SQLite's busy handler as before.

A writer that waits longer than :data:`TURN_WAIT_SECONDS` for the process's lock (a
unit of work holding its turn while the same thread writes in another) goes on to
SQLite's busy handler. Between processes the wait has no bound of its own: a writer
waits for the other process's transaction to end, as PostgreSQL's writers wait for the
rows they change.
"""

from __future__ import annotations

import logging
import os
import pathlib
import threading

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX systems
    fcntl = None  # type: ignore[assignment]

__all__ = ["TURN_WAIT_SECONDS", "WriterTurns", "lock_file_of"]

TURN_WAIT_SECONDS = 10.0
"""How long a writer waits for its turn before asking SQLite anyway (its busy timeout's
default)."""

_log = logging.getLogger("formlavoro.adapters.sql.writers")


def lock_file_of(database: str | None) -> pathlib.Path | None:
    """The writers' lock file of a SQLite database (None: in memory, or named by a URI)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return pathlib.Path(f"{database}-writers")


class WriterTurns:
    """The turns of one database's writers (shared by a storage's units of work and threads).

    ``lock_file``: where writers of other processes queue too (see the module's
    docstring); ``None`` keeps the turns in this process.
    """

    def __init__(
        self,
        wait_seconds: float = TURN_WAIT_SECONDS,
        *,
        lock_file: pathlib.Path | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._wait = wait_seconds
        self._path = lock_file if fcntl is not None else None
        self._descriptor: int | None = None
        self._opened_by = 0
        """The process that opened ``_descriptor``: a forked child opens its own, or its
        lock would be its parent's."""
        self._holding_file = False

    def take(self) -> bool:
        """Wait for the turn; whether it was given (else the writer goes on without it)."""
        if not self._lock.acquire(timeout=self._wait):
            return False
        descriptor = self._file()
        if descriptor is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            except OSError as exc:
                self._give_up_file(exc)
            else:
                self._holding_file = True
        return True

    def give_back(self) -> None:
        """End the turn: the next writer goes."""
        try:
            if self._holding_file and self._descriptor is not None:
                self._holding_file = False
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Close the lock file (a later turn opens it again); not while a turn is held."""
        if not self._lock.acquire(timeout=self._wait):
            return
        try:
            if self._descriptor is not None and self._opened_by == os.getpid():
                os.close(self._descriptor)
            self._descriptor = None
        finally:
            self._lock.release()

    def _file(self) -> int | None:
        """The lock file's descriptor, opened by this process (None: no file)."""
        if self._path is None:
            return None
        if self._descriptor is None or self._opened_by != os.getpid():
            try:
                self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                self._give_up_file(exc)
                return None
            self._opened_by = os.getpid()
        return self._descriptor

    def _give_up_file(self, exc: OSError) -> None:
        """Queue in this process only from now on (the cause, never the path, is logged)."""
        _log.warning(
            "SQLite writers of other processes cannot queue with this one (%s); they "
            "wait in SQLite's busy handler",
            type(exc).__name__,
        )
        self._path = None
        self._descriptor = None
