"""A unit of work's first inserts, held until its commit and sent with it.

A use case reads, then adds what it made and commits: an application and its
acknowledgement were ``BEGIN``, two ``INSERT`` and ``COMMIT``, a round trip each on
PostgreSQL. Held until the commit, they go to the server in one pipeline (psycopg's
pipeline mode): one round trip. The same statements, sent raw on 1,000,000 offers,
took 0.60-0.69 ms pipelined and 0.85-1.2 ms one by one. Held inserts are committed
with those of other threads committing at the same moment, in one transaction (see
:mod:`~formlavoro_adapters.sql.commit_groups`): on PostgreSQL, one pipeline.

Only inserts made before the transaction begins are held, and only on a connection
this unit of work has already read through (so that a connection the server dropped
meanwhile is found by that read, and replaced, before anything is written). Any other
statement of the unit of work sends the held inserts first, one by one, in their
order: it then reads what they wrote. When the pipeline fails on a statement (a
duplicate key, a check), the transaction is rolled back and the inserts are sent
again one by one, so that the failure names the insert it belongs to; when none fails
then, that is rolled back too and the pipeline's failure fails the commit. A dropped
connection fails the commit, as a ``COMMIT`` alone would. Nothing is stored either
way, and nothing is sent again to succeed where the first sending failed.

Cursor listeners see each statement, as they see any other; in a pipeline the
statements are answered together at its end, so the times between their
``before_cursor_execute`` and ``after_cursor_execute`` are not theirs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from sqlalchemy.engine import Connection, Engine

from formlavoro_adapters.sql import announced
from formlavoro_adapters.sql.commit_groups import CommitGroups, Queued, commit_group
from formlavoro_adapters.sql.driver_errors import translated, wrapped_driver_error
from formlavoro_core.errors import FormlavoroError

__all__ = ["HeldInsert", "HoldingInserts", "send_pipelined"]


class HeldInsert(NamedTuple):
    """An insert held until the commit, with what its failure would name."""

    sql: str
    parameters: Any
    entity: str
    key: str


def send_pipelined(
    engine: Engine,
    connection: Callable[[], Connection],
    driver: Any,
    cursor: Any,
    held: list[HeldInsert],
) -> None:
    """``BEGIN``, the held inserts and ``COMMIT`` in one pipeline on ``driver``.

    Raises the driver's error of the first statement that failed; the connection is
    then in a failed transaction, or dropped.

    The pipeline may answer a failed statement while later ones are still being
    queued: that error is kept, and the pipeline ended before it is raised. Raised
    inside the pipeline's block, psycopg would log a warning on ending it ("error
    ignored terminating"), for a failure that is the commit's to report.
    """
    failure: Exception | None = None
    try:
        with driver.pipeline():
            try:
                announced.execute(engine, connection, cursor, "BEGIN", ())
                for insert in held:
                    announced.execute(engine, connection, cursor, insert.sql, insert.parameters)
                announced.execute(engine, connection, cursor, "COMMIT", ())
            except engine.dialect.loaded_dbapi.Error as exc:
                failure = exc
    except engine.dialect.loaded_dbapi.Error:
        if failure is None:
            raise
    if failure is not None:
        raise failure


class _Session(Protocol):
    """What :class:`HoldingInserts` uses of the session it is part of."""

    engine: Engine
    dialect: str
    _held: list[HeldInsert]
    _writing: bool
    _exclusive: bool
    _answered: bool
    _connection: Connection | None
    _groups: CommitGroups | None

    def write(self, sql: str, parameters: Any, entity: str, key: str = "") -> int: ...
    def rollback(self) -> None: ...
    def _driver_connection(self) -> Any: ...
    def _cursor(self, driver: Any) -> Any: ...
    def _drop_cursor(self, cursor: Any) -> None: ...
    def _sqlalchemy(self) -> Connection: ...
    def _forget_connection(self) -> None: ...
    def _send_held(self) -> None: ...
    def _commit_held(self) -> None: ...
    def _commit_pipelined(self, held: list[HeldInsert]) -> None: ...
    def _pipelined(self, held: list[HeldInsert]) -> Exception | None: ...
    def _commit_group(self, group: list[Queued]) -> None: ...
    def _end_turn(self) -> None: ...
    def commit_transaction(self) -> None: ...


class HoldingInserts:
    """The SQL session's held inserts (part of :class:`~.session.SqlSession`)."""

    def insert(self: _Session, sql: str, parameters: Any, entity: str, key: str = "") -> None:
        """Send an insert, or hold it until the commit (see :mod:`.held_inserts`)."""
        dispatch = self.engine.dispatch
        if (
            (self.dialect != "postgresql" and self._groups is None)
            or self._writing
            or self._exclusive
            or not self._answered
            or (self._connection is not None and self._connection.in_transaction())
            or dispatch.commit
            or dispatch.rollback
        ):
            self.write(sql, parameters, entity, key)
            return
        self._held.append(HeldInsert(sql, parameters, entity, key))

    def _send_held(self: _Session) -> None:
        """Send the held inserts, one by one (another statement is about to go)."""
        if self._held:
            held = list(self._held)
            self._held.clear()
            for insert in held:
                self.write(insert.sql, insert.parameters, insert.entity, insert.key)

    def _commit_held(self: _Session) -> None:
        """Commit the held inserts, in a group with other units of work's when queued."""
        held = list(self._held)
        self._held.clear()
        if self._groups is not None:
            self._groups.commit(held, self._commit_group)
            return
        self._commit_pipelined(held)

    def _commit_pipelined(self: _Session, held: list[HeldInsert]) -> None:
        """PostgreSQL: ``BEGIN``, ``held`` and ``COMMIT`` in one round trip.

        When the pipeline fails (not by a dropped connection), the transaction is rolled
        back and the inserts sent again one by one, so that the failure names its
        insert; if none fails then, that transaction is rolled back too and the
        pipeline's failure is the commit's. Either way nothing is stored.
        """
        error = self._pipelined(held)
        if error is None:
            return
        self.rollback()  # of what the pipeline began, if anything
        for insert in held:
            self.write(insert.sql, insert.parameters, insert.entity, insert.key)
        self.rollback()
        with translated("transaction", "commit"):
            raise wrapped_driver_error(error, "COMMIT", self.engine) from error

    def _pipelined(self: _Session, held: list[HeldInsert]) -> Exception | None:
        """Send ``held`` in a pipeline; return the driver's error of a failed statement.

        A dropped connection raises: the commit failed, and whether the server committed
        cannot be known, so nothing is sent again.
        """
        driver = self._driver_connection()
        cursor = self._cursor(driver)
        try:
            send_pipelined(self.engine, self._sqlalchemy, driver, cursor, held)
        except self.engine.dialect.loaded_dbapi.Error as exc:
            self._drop_cursor(cursor)
            if self.engine.dialect.is_disconnect(exc, driver, None):
                self._sqlalchemy().invalidate(exc)  # the pool replaces it
                self._forget_connection()
                with translated("transaction", "commit"):
                    raise wrapped_driver_error(exc, "COMMIT", self.engine) from exc
            return exc
        return None

    def _commit_group(self: _Session, group: list[Queued]) -> None:
        """Commit a group's held inserts on this connection (see :mod:`.commit_groups`).

        SQLite: one transaction, a savepoint each, then the writers' turn ends.
        PostgreSQL: one pipeline for them all; when a statement of it fails, it is
        rolled back and each unit of work's inserts go in a pipeline of their own, so
        that the failure is that unit of work's alone.
        """
        if self.dialect != "postgresql":
            commit_group(self, group)
            self._end_turn()
            return
        if len(group) == 1:
            self._commit_pipelined(group[0].held)
            return
        if self._pipelined([insert for member in group for insert in member.held]) is None:
            return
        self.rollback()
        for member in group:
            try:
                self._commit_pipelined(member.held)
            except FormlavoroError as exc:
                member.failure = exc
                with contextlib.suppress(FormlavoroError):
                    self.rollback()
