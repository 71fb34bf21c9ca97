"""The SQL unit of work's session: one connection, and a transaction begun by its first write.

Writes check the version they read (``UPDATE ... WHERE version = :read``, see
:mod:`~formlavoro_adapters.sql.base`); driver errors become the library's through
:func:`~formlavoro_adapters.sql.driver_errors.translated`. The transaction's begin and end
are in :mod:`~formlavoro_adapters.sql.transactions`, the inserts held until the commit
in :mod:`~formlavoro_adapters.sql.held_inserts`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import PoolProxiedConnection

from formlavoro_adapters.sql import announced
from formlavoro_adapters.sql.commit_groups import CommitGroups
from formlavoro_adapters.sql.documents import DecodedCache
from formlavoro_adapters.sql.driver_errors import translated, wrapped_driver_error
from formlavoro_adapters.sql.held_inserts import HeldInsert, HoldingInserts
from formlavoro_adapters.sql.kept_cursors import KEPT_ROWS, drop_cursor, kept_cursor
from formlavoro_adapters.sql.reuse import IdleConnections
from formlavoro_adapters.sql.transactions import Transactions
from formlavoro_adapters.sql.writers import WriterTurns
from formlavoro_core.errors import (
    FormlavoroError,
)

__all__ = ["EXCLUSIVE", "SESSION", "SqlSession"]

EXCLUSIVE = "formlavoro_exclusive"
"""The connection's execution option asking SQLite to begin with the write lock."""
SESSION = "formlavoro_session"
"""The key, in a pooled connection's ``info``, saying that a unit of work holds it and
begins its own transactions (the engines then send no ``BEGIN`` of their own)."""


class SqlSession(Transactions, HoldingInserts):
    """One connection and the transaction of a unit of work, begun by its first write.

    Reads before the first write take no explicit transaction: each is one statement
    on its own (SQLite's autocommit, PostgreSQL's autocommit engine), paying no round
    trip for ``BEGIN`` or ``ROLLBACK``, and a read that finds its connection dropped by
    the server (a restart, an idle timeout) is sent again on a new one. The first write
    begins the transaction: ``BEGIN IMMEDIATE`` on SQLite, so that writers queue for the
    write lock instead of being refused when they upgrade a read snapshot (the writers
    of one storage take turns in the process first, see
    :mod:`~formlavoro_adapters.sql.writers`); ``BEGIN`` on PostgreSQL. Reads after it are
    inside the transaction. An ``exclusive`` unit of work begins its transaction at its
    first statement. Writes stay safe against the reads before them as they always
    were: optimistic versions and unique keys (PostgreSQL reads committed data in its
    transactions too).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        exclusive: bool = False,
        cache: DecodedCache | None = None,
        idle: IdleConnections | None = None,
        writers: WriterTurns | None = None,
        groups: CommitGroups | None = None,
    ) -> None:
        self.engine = engine
        self._idle = idle
        self._writers = writers
        self._groups = groups
        """Where held inserts queue to be committed together."""
        self._turn = False
        """Whether this unit of work holds its writers' turn (until its transaction ends)."""
        self.dialect = engine.dialect.name
        self.cache = DecodedCache(0) if cache is None else cache
        self._begin_sql = "BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN"
        self._exclusive = exclusive
        self._pooled: PoolProxiedConnection | None = None
        self._driver: Any = None
        """The driver's connection of ``_pooled`` (SQLAlchemy finds it through three
        properties each time)."""
        self._connection: Connection | None = None
        self._writing = False
        self._held: list[HeldInsert] = []
        """Inserts held until the commit (see :mod:`.held_inserts`)."""
        self._answered = False
        """Whether a read of this unit of work went through on its connection."""
        self._active = False
        self.erasing = False
        """Set by an erasure (SEC-4): on SQLite, the commit then empties the WAL."""

    @property
    def writing(self) -> bool:
        """Whether the transaction has begun (reads are then inside it)."""
        return self._writing

    def enter(self) -> None:
        """Start using the session (the unit of work's ``with`` block)."""
        if self._active:
            raise FormlavoroError("this unit of work is already in use")
        self._active = True

    def _pool(self) -> PoolProxiedConnection:
        """The pooled connection (SQLAlchemy's ``Connection`` is made only when used)."""
        if not self._active:
            raise FormlavoroError("use the unit of work inside a 'with' block")
        if self._pooled is None:
            pooled = self._idle.take() if self._idle is not None else None
            if pooled is None:
                with translated("connection", "open"):
                    pooled = self.engine.raw_connection()
            pooled.info[SESSION] = True
            self._pooled = pooled
        return self._pooled

    def _send(self, driver: Any, sql: str, parameters: Any) -> None:
        """Send a statement that returns no rows, shown to the engine's cursor listeners."""
        cursor = self._cursor(driver)
        try:
            announced.execute(self.engine, self._sqlalchemy, cursor, sql, parameters)
        except BaseException:
            self._drop_cursor(cursor)
            raise

    def _cursor(self, driver: Any) -> Any:
        """The cursor kept with ``driver``'s pooled connection (see :mod:`.kept_cursors`)."""
        return kept_cursor(self._pool(), driver)

    def _drop_cursor(self, cursor: Any) -> None:
        """Close ``cursor`` and keep it no longer (a failed statement, a large result)."""
        drop_cursor(self._pooled, cursor)

    def _sqlalchemy(self) -> Connection:
        if self._connection is None:
            self._connection = Connection(self.engine, connection=self._pool())
        return self._connection

    def connection(self, *, write: bool = True) -> Connection:
        """The connection; for a write (the default), inside the transaction."""
        self._begun(write=write)
        return self._sqlalchemy()

    def driver(self) -> Any:
        """The driver's own connection, for statements sent without SQLAlchemy."""
        self._begun(write=False)
        return self._driver_connection()

    def _driver_connection(self) -> Any:
        if self._driver is None:
            self._driver = self._pool().driver_connection
        return self._driver

    def read(
        self, sql: str, parameters: Any, entity: str, key: str = "", *, planned: bool = False
    ) -> list[tuple[Any, ...]]:
        """Rows of one statement sent straight to the driver.

        Outside a transaction, it is sent once more on a new connection when the server
        had dropped this one. ``planned`` (PostgreSQL): the server plans it for these
        values each time, never from a prepared statement's generic plan (psycopg
        prepares a statement after its fifth run, and the server may then plan it once
        for any values).
        """
        dbapi = self.engine.dialect.loaded_dbapi
        options = {"prepare": False} if planned and self.dialect == "postgresql" else {}
        with translated(entity, key):
            for attempt in (1, 2):
                driver = self.driver()
                cursor = self._cursor(driver)
                try:
                    announced.execute(
                        self.engine, self._sqlalchemy, cursor, sql, parameters, **options
                    )
                    rows: list[tuple[Any, ...]] = cursor.fetchall()
                except BaseException as exc:
                    self._drop_cursor(cursor)
                    if not isinstance(exc, dbapi.Error):
                        raise
                    if attempt == 1 and self._dropped(exc, driver):
                        continue
                    raise wrapped_driver_error(exc, sql, self.engine) from exc
                if len(rows) > KEPT_ROWS:
                    self._drop_cursor(cursor)
                self._answered = True
                return rows
        raise AssertionError("unreachable")  # pragma: no cover

    def write(self, sql: str, parameters: Any, entity: str, key: str = "") -> int:
        """Send one write straight to the driver, in the transaction; return its rowcount.

        A write is never sent again: a dropped connection fails the unit of work, which
        the portal may then run again from the start.
        """
        self._begun(write=True)
        with translated(entity, key):
            driver = self.driver()
            cursor = self._cursor(driver)
            try:
                announced.execute(self.engine, self._sqlalchemy, cursor, sql, parameters)
                return int(cursor.rowcount)
            except BaseException as exc:
                self._drop_cursor(cursor)
                if not isinstance(exc, self.engine.dialect.loaded_dbapi.Error):
                    raise
                if self.engine.dialect.is_disconnect(exc, driver, None):
                    self._sqlalchemy().invalidate(exc)  # the pool replaces it
                raise wrapped_driver_error(exc, sql, self.engine) from exc

    def execute(self, statement: Any, parameters: Any, *, write: bool) -> Any:
        """Run a SQLAlchemy statement (a read once more when the connection had dropped)."""
        try:
            return self.connection(write=write).execute(statement, parameters)
        except DBAPIError as exc:
            if write or self._writing or not exc.connection_invalidated:
                raise
            self._forget_connection()
            return self.connection(write=False).execute(statement, parameters)

    def _dropped(self, exc: Exception, driver: Any) -> bool:
        """Whether the server dropped the connection, outside a transaction.

        Nothing is lost then: the statement can be sent again on a new connection.
        """
        if self._writing or not self.engine.dialect.is_disconnect(exc, driver, None):  # type: ignore[arg-type]
            return False
        if self._connection is not None:
            self._connection.invalidate(exc)
        elif self._pooled is not None:
            self._pooled.invalidate(exc)
        self._forget_connection()
        return True

    def _forget_connection(self) -> None:
        """Give the connection back to the pool (unmarked: others begin their own).

        A connection that only read, sent its statements to the driver alone, goes to
        the storage's idle connections instead, when it has them (SQLite).
        """
        connection, self._connection = self._connection, None
        pooled, self._pooled = self._pooled, None
        self._driver = None
        self._answered = False
        idle = self._idle
        if connection is None and pooled is not None and idle is not None and idle.give(pooled):
            return
        if pooled is not None:
            with contextlib.suppress(Exception):
                pooled.info.pop(SESSION, None)
        with contextlib.suppress(SQLAlchemyError):
            if connection is not None:
                connection.close()
            elif pooled is not None:
                pooled.close()

    def close(self) -> None:
        """Roll back what was not committed and give the connection back."""
        try:
            self.rollback()
        finally:
            self._forget_connection()
            self._active = False
