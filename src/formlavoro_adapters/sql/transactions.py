"""The SQL session's transaction: begun by its first write, then committed or rolled back.

The first write begins it (``BEGIN IMMEDIATE`` on SQLite, so that writers queue for
the write lock, after taking the writers' turn of the process, see
:mod:`~formlavoro_adapters.sql.writers`; ``BEGIN`` on PostgreSQL); an ``exclusive``
unit of work begins it at its first statement. The commit sends the held inserts with
it (see :mod:`~formlavoro_adapters.sql.held_inserts`), and after an erasure empties
SQLite's write-ahead log. Each end gives the writers' turn back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import PoolProxiedConnection

from formlavoro_adapters.sql.driver_errors import translated, wrapped_driver_error
from formlavoro_adapters.sql.held_inserts import HeldInsert
from formlavoro_adapters.sql.writers import WriterTurns

__all__ = ["Transactions"]


class _Session(Protocol):
    """What :class:`Transactions` uses of the session it is part of."""

    engine: Engine
    dialect: str
    erasing: bool
    _begin_sql: str
    _exclusive: bool
    _writing: bool
    _writers: WriterTurns | None
    _turn: bool
    _held: list[HeldInsert]
    _connection: Connection | None
    _pooled: PoolProxiedConnection | None
    _driver: Any

    def _send_held(self) -> None: ...
    def _commit_held(self) -> None: ...
    def _driver_connection(self) -> Any: ...
    def _send(self, driver: Any, sql: str, parameters: Any) -> None: ...
    def _dropped(self, exc: Exception, driver: Any) -> bool: ...
    def _sqlalchemy(self) -> Connection: ...
    def _watched(self) -> None: ...
    def _ending_turn_on_failure(self) -> AbstractContextManager[None]: ...
    def _end_turn(self) -> None: ...
    def _commit(self) -> None: ...
    def commit_transaction(self) -> None: ...
    def _forget_erased(self) -> None: ...


class Transactions:
    """The SQL session's transaction (part of :class:`~.session.SqlSession`)."""

    def _begun(self: _Session, *, write: bool) -> None:
        """Begin the transaction for a write (or any statement, when exclusive).

        The ``BEGIN`` goes to the driver, as the reads and writes do, and is shown to
        whoever watches the engine's cursors (a statement of the transaction for them);
        SQLAlchemy's own machinery would cost more than the statement (a connection
        object, its transaction, its events). Nothing was written yet: a connection the
        server had dropped is replaced, once.
        """
        self._send_held()
        if self._writing or not (write or self._exclusive):
            return
        if self._writers is not None and not self._turn:
            self._turn = self._writers.take()
        with translated("transaction", "begin"), self._ending_turn_on_failure():
            for attempt in (1, 2):
                driver = self._driver_connection()
                try:
                    self._send(driver, self._begin_sql, ())
                    break
                except self.engine.dialect.loaded_dbapi.Error as exc:
                    if attempt == 1 and self._dropped(exc, driver):
                        continue
                    raise wrapped_driver_error(exc, self._begin_sql, self.engine) from exc
            self._watched()
        self._writing = True

    def _watched(self: _Session) -> None:
        """Begin SQLAlchemy's transaction too, when the engine has listeners for its end.

        Its ``commit`` and ``rollback`` events (tracing, fault injection) then see this
        transaction end; the engines send no ``BEGIN`` of their own for it (``SESSION``).
        """
        dispatch = self.engine.dispatch
        if dispatch.commit or dispatch.rollback:
            connection = self._sqlalchemy()
            if not connection.in_transaction():
                connection.begin()

    @contextmanager
    def _ending_turn_on_failure(self: _Session) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._end_turn()
            raise

    def _end_turn(self: _Session) -> None:
        """Give the writers' turn to the next one, when this unit of work held it."""
        if self._turn and self._writers is not None:
            self._turn = False
            self._writers.give_back()

    def commit(self: _Session) -> None:
        """Commit the current transaction, if any, and end the writers' turn."""
        with self._ending_turn_on_failure():
            self._commit()
        self._end_turn()

    def _commit(self: _Session) -> None:
        if self._held:
            if not self.erasing:
                self._commit_held()
                return
            self._send_held()  # the erasure's commit empties the WAL after it
        self.commit_transaction()

    def commit_transaction(self: _Session) -> None:
        """Commit the transaction begun by the writes, if any (the turn is kept)."""
        connection = self._connection
        if connection is not None and connection.in_transaction():
            with translated("transaction", "commit"):
                connection.commit()
        elif self._writing and self._pooled is not None:
            # Begun on the driver, with nothing sent through SQLAlchemy since.
            with translated("transaction", "commit"):
                try:
                    self._pooled.driver_connection.commit()  # type: ignore[union-attr]
                except self.engine.dialect.loaded_dbapi.Error as exc:
                    raise wrapped_driver_error(exc, "COMMIT", self.engine) from exc
        self._writing = False
        if self.erasing:
            self.erasing = False
            self._forget_erased()

    def _forget_erased(self: _Session) -> None:
        """After an erasure, leave none of the erased bytes in SQLite's files (SEC-4).

        ``secure_delete`` (set on every connection) zeroes what the erasure deleted in
        the database file's pages; the write-ahead log still holds older copies of those
        pages until a checkpoint copies them back and truncates it. A reader holding an
        old snapshot can keep the checkpoint from finishing: the log is then truncated
        by a later erasure or checkpoint. PostgreSQL keeps deleted rows until
        ``VACUUM`` (see docs/privacy.md).
        """
        if self.dialect != "sqlite":
            return
        if self._connection is not None:
            driver: Any = self._connection.connection.driver_connection
        elif self._pooled is not None:
            driver = self._pooled.driver_connection
        else:
            return
        with translated("transaction", "checkpoint"):
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").close()

    def rollback(self: _Session) -> None:
        """Roll the current transaction back, if any, and end the writers' turn.

        Also after a commit that failed: the transaction is no longer active then, but
        the connection is still inside it until it is rolled back.
        """
        self.erasing = False
        self._held.clear()
        connection = self._connection
        self._writing = False
        try:
            with translated("transaction", "rollback"):
                if connection is not None and connection.in_transaction():
                    connection.rollback()
                elif self._pooled is not None:
                    # Begun on the driver, with no statement through SQLAlchemy since.
                    try:
                        driver: Any = self._driver or self._pooled.driver_connection
                        driver.rollback()
                    except self.engine.dialect.loaded_dbapi.Error as exc:
                        raise wrapped_driver_error(exc, "ROLLBACK", self.engine) from exc
        finally:
            self._end_turn()
