"""The held inserts of units of work committing at once, in one transaction.

A durable SQLite commit waits for the disk (``synchronous=FULL``: a sync of the
write-ahead log), and the writers of a database take turns (see
:mod:`~formlavoro_adapters.sql.writers`): several threads applying at once wrote no
faster than one, each waiting for the others' syncs in turn. On PostgreSQL each commit
is a round trip and a ``BEGIN`` and a ``COMMIT`` through psycopg, whose Python holds
the interpreter that the threads share.

A unit of work whose commit holds only inserts (see
:mod:`~formlavoro_adapters.sql.held_inserts`) queues here instead. The first in the
queue leads: it takes the writers' turn and commits its inserts together with those of
every unit of work queued when it begins, in one transaction, one sync for all; the
others wait for it, and the next group forms behind it. Alone in the queue, a unit of
work commits as it always did.

On SQLite (:func:`commit_group`), each unit of work's inserts go inside a savepoint of
their own: one that fails (a duplicate key, a check) is rolled back alone, and its unit
of work's commit raises that failure, naming its insert; the others are committed.
When the transaction itself fails (beginning it, the disk, the commit), every commit of
the group fails and nothing of the group is stored. Either way a commit returns only
when its inserts are durable or failed, and nothing is sent again.

On PostgreSQL the group goes in one pipeline (see
:mod:`~formlavoro_adapters.sql.held_inserts`). A pipeline cannot roll back to a
savepoint on seeing a failure: when a statement fails, the whole group is rolled back,
then each unit of work's inserts go in a pipeline of their own, so that the failure is
that unit of work's alone. Sending them again is safe: the server stored nothing of the
failed transaction. A dropped connection fails every commit of the group, and nothing
is sent again, since whether the server committed cannot be known.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from formlavoro_core.errors import FormlavoroError, StorageError

if TYPE_CHECKING:
    from formlavoro_adapters.sql.held_inserts import HeldInsert

__all__ = ["CommitGroups", "Queued", "commit_group"]

_SAVEPOINT = "formlavoro_held"


class Queued:
    """A unit of work's held inserts, waiting in the queue, then their outcome."""

    __slots__ = ("done", "failure", "held")

    def __init__(self, held: list[HeldInsert]) -> None:
        self.held = held
        self.done = False
        self.failure: BaseException | None = None


class CommitGroups:
    """The commit queue of one storage's units of work (shared by its threads)."""

    def __init__(self) -> None:
        self._queue_lock = threading.Lock()
        self._leading = threading.Lock()
        self._queue: list[Queued] = []

    @property
    def committing(self) -> bool:
        """Whether a group is being committed."""
        return self._leading.locked()

    @property
    def waiting(self) -> int:
        """How many commits wait for the next group (not those of the group committing)."""
        with self._queue_lock:
            return len(self._queue)

    def commit(self, held: list[HeldInsert], run: Callable[[list[Queued]], None]) -> None:
        """Commit ``held``, alone or in a group; raise its failure.

        ``run`` commits a group on the caller's connection, when the caller leads:
        it marks each unit of work's own failure, and raises a failure of the whole
        transaction.
        """
        queued = Queued(held)
        with self._queue_lock:
            self._queue.append(queued)
        with self._leading:
            if not queued.done:
                with self._queue_lock:
                    group, self._queue = self._queue, []
                try:
                    run(group)
                except BaseException as exc:
                    _fail_all(group, queued, exc)
                    raise
                finally:
                    for member in group:
                        member.done = True
        if queued.failure is not None:
            raise queued.failure


def _fail_all(group: list[Queued], leader: Queued, failure: BaseException) -> None:
    """The group's transaction failed: so did each commit of it (the leader's raises)."""
    for member in group:
        if member is not leader and member.failure is None:
            message = str(failure) if isinstance(failure, FormlavoroError) else "failed"
            member.failure = StorageError(f"commit of a group of writes: {message}")
            member.failure.__cause__ = failure


class _Session(Protocol):
    """What :func:`commit_group` uses of the SQL session."""

    def write(self, sql: str, parameters: Any, entity: str, key: str = "") -> int: ...
    def commit_transaction(self) -> None: ...
    def rollback(self) -> None: ...


def commit_group(session: _Session, group: list[Queued]) -> None:
    """SQLite: commit the group's inserts on ``session``: one transaction, a savepoint each.

    A group of one is committed as the session commits its writes, without savepoint.
    """
    try:
        if len(group) == 1:
            for insert in group[0].held:
                session.write(insert.sql, insert.parameters, insert.entity, insert.key)
        else:
            for member in group:
                _write_member(session, member)
        session.commit_transaction()
    except BaseException:
        with contextlib.suppress(FormlavoroError):
            session.rollback()
        raise


def _savepoint(session: _Session, sql: str) -> None:
    """A savepoint statement, its failure named by its first word (``release``)."""
    session.write(sql, (), "transaction", sql.split(maxsplit=1)[0].lower())


def _write_member(session: _Session, member: Queued) -> None:
    """One unit of work's inserts in a savepoint, rolled back alone when one fails."""
    _savepoint(session, f"SAVEPOINT {_SAVEPOINT}")
    try:
        for insert in member.held:
            session.write(insert.sql, insert.parameters, insert.entity, insert.key)
    except FormlavoroError as exc:
        _savepoint(session, f"ROLLBACK TO {_SAVEPOINT}")
        member.failure = exc
    _savepoint(session, f"RELEASE {_SAVEPOINT}")
