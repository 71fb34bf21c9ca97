"""The SQL unit of work and the repository base every SQL repository builds on.

Transactions are optimistic. Writes check the version read (``UPDATE ... WHERE version
= :read``); a stale write, a unique key taken meanwhile, or SQLite's refusal to upgrade
an outdated read snapshot become :class:`~formlavoro_core.errors.ConcurrencyConflictError`,
which the portal retries with fresh reads. Every other driver error becomes
:class:`~formlavoro_core.errors.StorageError`.
"""

from __future__ import annotations

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
from sqlalchemy.engine import Connection, Engine, RootTransaction
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from formlavoro_adapters.sql.documents import dump, load
from formlavoro_core.errors import (
    ConcurrencyConflictError,
    DuplicateKeyError,
    FormlavoroError,
    StorageError,
)

__all__ = ["EXCLUSIVE", "SqlRepository", "SqlSession", "is_duplicate", "translated"]

EXCLUSIVE = "formlavoro_exclusive"
"""The connection's execution option asking SQLite to begin with the write lock."""

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
    """One connection and its current transaction, begun on first use."""

    def __init__(self, engine: Engine, *, exclusive: bool = False) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._exclusive = exclusive
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._active = False
        self.erasing = False
        """Set by an erasure (SEC-4): on SQLite, the commit then empties the WAL."""

    def enter(self) -> None:
        """Start using the session (the unit of work's ``with`` block)."""
        if self._active:
            raise FormlavoroError("this unit of work is already in use")
        self._active = True

    def connection(self) -> Connection:
        """The connection, inside a transaction."""
        if not self._active:
            raise FormlavoroError("use the unit of work inside a 'with' block")
        if self._connection is None:
            with translated("connection", "open"):
                self._connection = self.engine.connect()
                if self._exclusive:
                    self._connection.execution_options(**{EXCLUSIVE: True})
        if self._transaction is None or not self._transaction.is_active:
            with translated("transaction", "begin"):
                self._transaction = self._connection.begin()
        return self._connection

    def commit(self) -> None:
        """Commit the current transaction, if any."""
        if self._transaction is not None and self._transaction.is_active:
            with translated("transaction", "commit"):
                self._transaction.commit()
            self._transaction = None
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
        if self.dialect != "sqlite" or self._connection is None:
            return
        raw: Any = self._connection.connection.driver_connection
        with translated("transaction", "checkpoint"):
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").close()

    def rollback(self) -> None:
        """Roll the current transaction back, if any.

        Also after a commit that failed: the transaction is no longer active then, but
        the connection is still inside it until it is rolled back.
        """
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            with translated("transaction", "rollback"):
                transaction.rollback()

    def close(self) -> None:
        """Roll back what was not committed and give the connection back."""
        try:
            self.rollback()
        finally:
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            self._active = False


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
        self, statement: Any, key: str = "", parameters: Mapping[str, Any] | None = None
    ) -> Any:
        with translated(self.entity, key):
            return self._session.connection().execute(statement, parameters)

    def _execute_many(self, statement: Any, rows: list[dict[str, Any]], key: str = "") -> None:
        with translated(self.entity, key):
            self._session.connection().execute(statement, rows)

    def _load_rows(self, rows: Sequence[Any]) -> list[A]:
        return [load(row.doc, self.cls) for row in rows]

    def _get(self, key: str, *more: str) -> A | None:
        """The aggregate under ``key`` (and the further parts of a composite key)."""
        values = (key, *more)
        parameters = {
            f"_key_{name}": value for name, value in zip(self._key_columns, values, strict=True)
        }
        row = self._execute(self._statements.get, "/".join(values), parameters).first()
        return None if row is None else load(row.doc, self.cls)

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
