"""The SQL unit of work and the repository base every SQL repository builds on.

Transactions are optimistic. Writes check the version read (``UPDATE ... WHERE version
= :read``); a stale write, a unique key taken meanwhile, or SQLite's refusal to upgrade
an outdated read snapshot become :class:`~formlavoro_core.errors.ConcurrencyConflictError`,
which the portal retries with fresh reads. Every other driver error becomes
:class:`~formlavoro_core.errors.StorageError`.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import attrs
from sqlalchemy import (
    ColumnElement,
    Insert,
    Select,
    Table,
    Update,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql.dml import UpdateBase

from formlavoro_adapters.sql.documents import DecodedCache, dump, load
from formlavoro_adapters.sql.prepared import PreparedCache
from formlavoro_adapters.sql.reuse import IdleConnections
from formlavoro_adapters.sql.writers import WriterTurns
from formlavoro_core.errors import (
    ConcurrencyConflictError,
    DuplicateKeyError,
    FormlavoroError,
    StorageError,
)

__all__ = ["EXCLUSIVE", "SESSION", "SqlRepository", "SqlSession", "is_duplicate", "translated"]

EXCLUSIVE = "formlavoro_exclusive"
"""The connection's execution option asking SQLite to begin with the write lock."""
SESSION = "formlavoro_session"
"""The key, in a pooled connection's ``info``, saying that a unit of work holds it and
begins its own transactions (the engines then send no ``BEGIN`` of their own)."""

A = TypeVar("A")

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def _is_conflict(error: DBAPIError) -> bool:
    original = error.orig
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in {_SQLITE_BUSY, _SQLITE_LOCKED}
    sqlstate = getattr(original, "sqlstate", None)
    # serialization_failure, deadlock_detected
    return sqlstate in {"40001", "40P01"}


_SQLITE_UNIQUE = {2067, 1555}  # SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
_POSTGRES_UNIQUE = "23505"  # unique_violation


def is_duplicate(driver_error: BaseException | None) -> bool:
    """Whether a driver error is a unique key already taken (not another constraint)."""
    if isinstance(driver_error, sqlite3.Error):
        return getattr(driver_error, "sqlite_errorcode", None) in _SQLITE_UNIQUE
    return getattr(driver_error, "sqlstate", None) == _POSTGRES_UNIQUE


@contextmanager
def translated(entity: str, key: str) -> Iterator[None]:
    """Turn driver errors into the library's: conflicts, duplicates, storage failures.

    Only a unique key taken is a duplicate (which the portal reruns as a conflict);
    other constraint violations are storage errors, bugs to report rather than retry.
    """
    try:
        yield
    except IntegrityError as exc:
        if is_duplicate(exc.orig):
            raise DuplicateKeyError(entity, key) from exc
        raise StorageError(f"{entity} {key!r}: {driver_summary(exc)}") from exc
    except DBAPIError as exc:
        if _is_conflict(exc):
            raise ConcurrencyConflictError(entity, key) from exc
        raise StorageError(f"{entity} {key!r}: {driver_summary(exc)}") from exc
    except SQLAlchemyError as exc:
        raise StorageError(f"{entity} {key!r}: {driver_summary(exc)}") from exc


def is_write(statement: Any) -> bool:
    """Whether a statement must run in the transaction: it changes rows or locks them.

    Plain queries (``SELECT`` without ``FOR UPDATE``, and the adapters' own text
    queries) are reads; a text statement that must hold a lock says so itself.
    """
    if isinstance(statement, Select):
        return statement._for_update_arg is not None  # no public accessor
    return isinstance(statement, UpdateBase)


def driver_summary(exc: BaseException) -> str:
    """The first line of a driver's error, without the statement, parameters or detail.

    SEC-5: PostgreSQL's ``DETAIL`` lines and SQLAlchemy's ``[parameters: ...]`` repeat the
    values written (fiscal codes, names), so only the first line of the driver's own
    message is kept, e.g. ``duplicate key value violates unique constraint "..."``.
    """
    origin = getattr(exc, "orig", None) or exc
    lines = str(origin).strip().splitlines()
    first = lines[0] if lines else ""
    return f"{type(origin).__name__}: {first.split(' [SQL:')[0]}"


class SqlSession:
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
    ) -> None:
        self.engine = engine
        self._idle = idle
        self._writers = writers
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

    def _begun(self, *, write: bool) -> None:
        """Begin the transaction for a write (or any statement, when exclusive).

        The ``BEGIN`` goes through SQLAlchemy, like the statements after it: a statement
        of the transaction for whoever watches the engine's cursors.
        """
        if self._writing or not (write or self._exclusive):
            return
        if self._writers is not None and not self._turn:
            self._turn = self._writers.take()
        with translated("transaction", "begin"), self._ending_turn_on_failure():
            for attempt in (1, 2):
                try:
                    self._sqlalchemy().exec_driver_sql(self._begin_sql)
                    break
                except DBAPIError as exc:
                    # Nothing was written yet: a dropped connection is replaced.
                    if attempt == 1 and exc.connection_invalidated:
                        self._forget_connection()
                        continue
                    raise
        self._writing = True

    @contextmanager
    def _ending_turn_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._end_turn()
            raise

    def _end_turn(self) -> None:
        """Give the writers' turn to the next one, when this unit of work held it."""
        if self._turn and self._writers is not None:
            self._turn = False
            self._writers.give_back()

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
        if self._driver is None:
            self._driver = self._pool().driver_connection
        return self._driver

    def read(self, sql: str, parameters: Any, entity: str, key: str = "") -> list[tuple[Any, ...]]:
        """Rows of one statement sent straight to the driver.

        Outside a transaction, it is sent once more on a new connection when the server
        had dropped this one.
        """
        dbapi = self.engine.dialect.loaded_dbapi
        with translated(entity, key):
            for attempt in (1, 2):
                driver = self.driver()
                try:
                    cursor = driver.cursor()
                    try:
                        self._announce(cursor, sql, parameters)
                        cursor.execute(sql, parameters)
                        return cursor.fetchall()  # type: ignore[no-any-return]
                    finally:
                        cursor.close()
                except dbapi.Error as exc:
                    if attempt == 1 and self._dropped(exc, driver):
                        continue
                    raise _wrapped(exc, sql, self.engine) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _announce(self, cursor: Any, sql: str, parameters: Any) -> None:
        """Show a statement sent without SQLAlchemy to the engine's cursor listeners.

        Tracing and fault injection then see it as they see SQLAlchemy's own; without
        listeners it costs nothing.
        """
        listeners = self.engine.dispatch.before_cursor_execute
        if listeners:
            listeners(self._sqlalchemy(), cursor, sql, parameters, None, False)  # noqa: FBT003 - SQLAlchemy's signature

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

    def commit(self) -> None:
        """Commit the current transaction, if any, and end the writers' turn."""
        with self._ending_turn_on_failure():
            self._commit()
        self._end_turn()

    def _commit(self) -> None:
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
                    raise _wrapped(exc, "COMMIT", self.engine) from exc
        self._writing = False
        if self.erasing:
            self.erasing = False
            self._forget_erased()

    def _forget_erased(self) -> None:
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

    def rollback(self) -> None:
        """Roll the current transaction back, if any, and end the writers' turn.

        Also after a commit that failed: the transaction is no longer active then, but
        the connection is still inside it until it is rolled back.
        """
        self.erasing = False
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
                        raise _wrapped(exc, "ROLLBACK", self.engine) from exc
        finally:
            self._end_turn()

    def close(self) -> None:
        """Roll back what was not committed and give the connection back."""
        try:
            self.rollback()
        finally:
            self._forget_connection()
            self._active = False


def _wrapped(exc: Exception, statement: str, engine: Engine) -> StatementError:
    """A driver's error as SQLAlchemy wraps it, for :func:`translated`."""
    dbapi = engine.dialect.loaded_dbapi
    return DBAPIError.instance(statement, None, exc, dbapi.Error, hide_parameters=True)


@attrs.frozen
class _Statements:
    """The statements every repository runs, built once per table and reused.

    SQLAlchemy caches compiled statements; building the same statement anew for each
    call would still cost more than running it on SQLite.
    """

    get: Select[Any]
    insert: Insert
    update: Update


@functools.cache
def _statements(table: Table, key_columns: tuple[str, ...]) -> _Statements:
    keys = [table.c[name] == bindparam(f"_key_{name}") for name in key_columns]
    return _Statements(
        get=select(table.c.doc).where(*keys),
        insert=insert(table),
        update=update(table).where(*keys, table.c.version == bindparam("_read_version")),
    )


_GETS = PreparedCache()


@functools.cache
def _lookup(table: Table, names: tuple[str, ...]) -> Select[Any]:
    return select(table.c.doc).where(*(table.c[name] == bindparam(f"_{name}") for name in names))


class SqlRepository(Generic[A]):
    """Stores one aggregate type: its document, version and projected columns."""

    table: Table
    entity: str
    cls: type[A]
    key_name: str = "id"
    """The key column; the aggregate's attribute of the same name holds the key."""
    key_columns: tuple[str, ...] = ()
    """The columns of a key made of several (each a column of its own, never joined into
    one string); subclasses then say in :meth:`key_of` which values they hold."""

    def __init__(self, session: SqlSession) -> None:
        self._session = session
        self._key_columns = self.key_columns or (self.key_name,)
        self._statements = _statements(self.table, self._key_columns)

    # -- what subclasses say --------------------------------------------------------------

    def columns(self, aggregate: A) -> Mapping[str, Any]:  # noqa: ARG002 - subclasses project
        """The projected columns of ``aggregate`` (beyond key, version and document)."""
        return {}

    def after_write(self, aggregate: A) -> None:
        """Keep dependent rows (child tables) in step with ``aggregate``."""

    def key_of(self, aggregate: A) -> Mapping[str, Any]:
        """The key columns of ``aggregate`` and their values."""
        return {self.key_name: str(getattr(aggregate, self.key_name))}

    # -- machinery ---------------------------------------------------------------------

    def _key(self, aggregate: A) -> str:
        """The key as people read it, for error messages."""
        return "/".join(str(value) for value in self.key_of(aggregate).values())

    @property
    def _key_column(self) -> ColumnElement[Any]:
        return self.table.c[self.key_name]

    def _execute(
        self,
        statement: Any,
        key: str = "",
        parameters: Mapping[str, Any] | None = None,
        *,
        write: bool | None = None,
    ) -> Any:
        """Run ``statement``, in the transaction when it is a ``write``.

        By default a write is a statement that changes rows or locks them.
        """
        if write is None:
            write = is_write(statement)
        with translated(self.entity, key):
            return self._session.execute(statement, parameters, write=write)

    def _execute_many(self, statement: Any, rows: list[dict[str, Any]], key: str = "") -> None:
        with translated(self.entity, key):
            self._session.connection().execute(statement, rows)

    def _load_rows(self, rows: Sequence[Any]) -> list[A]:
        return [load(row.doc, self.cls) for row in rows]

    def _get(self, key: str, *more: str) -> A | None:
        """The aggregate under ``key`` (and the further parts of a composite key).

        One statement compiled once per table, sent to the driver; the document is
        decoded once for all units of work (the storage's cache).
        """
        values = (key, *more)
        session = self._session
        table = self.table
        names = self._key_columns
        prepared = _GETS.get(
            (table.name, names, session.dialect),
            session.engine.dialect,
            lambda bind: select(table.c.version, table.c.doc).where(
                *(table.c[n] == bind(n, v) for n, v in zip(names, values, strict=True))
            ),
        )
        parameters = prepared.bind(dict(zip(names, values, strict=True)))
        rows = session.read(prepared.sql, parameters, self.entity, "/".join(values))
        if not rows:
            return None
        version, doc = rows[0]
        return session.cache.load((table.name, values, version), doc, self.cls)

    def _one_by(self, **equal: object) -> A | None:
        """The aggregate whose columns hold these values, if any (a reused statement)."""
        names = tuple(sorted(equal))
        parameters = {f"_{name}": equal[name] for name in names}
        row = self._execute(_lookup(self.table, names), "", parameters).first()
        return None if row is None else load(row.doc, self.cls)

    def _many(self, statement: Select[Any]) -> list[A]:
        return self._load_rows(self._execute(statement).all())

    def _row(self, stored: A) -> dict[str, Any]:
        return {
            **self.key_of(stored),
            "version": getattr(stored, "version"),  # noqa: B009 - every aggregate has one
            "doc": dump(stored),
            **self.columns(stored),
        }

    def add(self, aggregate: A) -> A:
        """Insert a new aggregate (version 0); return it stored with version 1."""
        if getattr(aggregate, "version") != 0:  # noqa: B009
            raise FormlavoroError(f"a new {self.entity} must have version 0")
        stored = attrs.evolve(aggregate, version=1)  # type: ignore[misc]
        self._execute(self._statements.insert, self._key(stored), self._row(stored))
        self.after_write(stored)
        return stored

    def update(self, aggregate: A) -> A:
        """Store a changed aggregate whose version is the stored one; return it bumped."""
        version: int = getattr(aggregate, "version")  # noqa: B009
        key = self._key(aggregate)
        stored = attrs.evolve(aggregate, version=version + 1)  # type: ignore[misc]
        row = self._row(stored)
        keys = {f"_key_{name}": row.pop(name) for name in self._key_columns}
        parameters = {**row, **keys, "_read_version": version}
        if self._execute(self._statements.update, key, parameters).rowcount != 1:
            raise ConcurrencyConflictError(self.entity, key)
        self.after_write(stored)
        return stored
